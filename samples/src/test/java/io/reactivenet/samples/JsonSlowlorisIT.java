package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.CloseEvent;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.ServerEvent;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.FramingException;
import io.reactivenet.timeout.NetTimeoutException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slowloris on the JSON server (the json-server sample's handler: the tutorial protocol with a
 * request limit and an idle timeout counted in whole requests), over real loopback sockets. Two
 * peers trickle one byte at a time into a request they never finish, the one byte a second
 * sped up to one per 50 ms against a 2 s idle timeout:
 * <ul>
 *   <li>one stays under the limit: it is ended by the idle timeout although bytes keep coming
 *       (a byte-level idle timeout would never fire), the server's socket closed with {@code
 *       ETIMEDOUT};</li>
 *   <li>one goes past the limit: it is ended as its bytes pass the limit, long before the idle
 *       timeout, with {@code ERR_FRAME_TOO_LONG} naming the limit: the server never holds more than
 *       the limit of it;</li>
 *   <li>meanwhile a well-behaved client is answered, request after request, and stays connected.</li>
 * </ul>
 * Neither trickler gets a reply byte. No timing is asserted: every wait is bounded, and the pacing
 * sleeps are the attack's, not waits for an event.
 */
@Timeout(60)
class JsonSlowlorisIT {

    private static final int LIMIT = 256;
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final long PACE_MS = 50;
    private static final Duration T = Duration.ofSeconds(20);
    private static final String OPEN = "{\"type\":\"greeting\",\"name\":\"";

    @Test
    void tricklersAreEndedByTheIdleTimeoutOrTheLimitWhileOthersAreServed() throws Exception {
        ListeningServer server = Net.createServer(JsonServer.handler(LIMIT, IDLE)).listen(0, "127.0.0.1").block(T);
        Map<Integer, CloseEvent> closes = new ConcurrentHashMap<>(); // server side, by client port
        server.events().ofType(ServerEvent.Connection.class).subscribe(c -> {
            int port = c.socket().remote().port();
            c.socket().onClose().subscribe(e -> closes.put(port, e));
        });
        int port = server.address().port();
        try (Socket good = new Socket();
             Trickler slow = new Trickler(port, OPEN, LIMIT - 16);
             Trickler big = new Trickler(port, OPEN + "y".repeat(LIMIT - 3 - OPEN.length()), LIMIT + 64)) {
            good.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            good.setSoTimeout((int) T.toMillis());
            BufferedReader replies = new BufferedReader(new InputStreamReader(good.getInputStream(), StandardCharsets.UTF_8));
            OutputStream requests = good.getOutputStream();
            slow.start();
            big.start();

            int rounds = 0;
            while (rounds < 5 || slow.closed.getCount() > 0 || big.closed.getCount() > 0) {
                assertThat(rounds).as("the tricklers outlived %s rounds of the good client", rounds).isLessThan(400);
                exchange(requests, replies, rounds++);
                Thread.sleep(100); // pacing the good client, not waiting for anything
            }
            assertThat(slow.closed.await(T.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(big.closed.await(T.toSeconds(), TimeUnit.SECONDS)).isTrue();

            CloseEvent slowEnd = awaitClose(closes, slow.localPort());
            assertThat(slowEnd.error()).as("the slow trickler's end on the server").isInstanceOfSatisfying(
                    NetTimeoutException.class, e -> {
                        assertThat(e.code()).isEqualTo(NetException.ETIMEDOUT);
                        assertThat(e.getMessage()).contains("No whole request within 2000 ms", "127.0.0.1:" + slow.localPort());
                    });
            // Ended while it was still trickling (it stops by itself at LIMIT - 16 bytes, then only
            // holds; a byte-level idle timeout ends it only then, and this fails).
            assertThat(slow.sent.get()).as("ended while still trickling").isLessThan(LIMIT - 16);
            assertThat(slow.received.get()).as("no reply to an unfinished request").isZero();

            CloseEvent bigEnd = awaitClose(closes, big.localPort());
            assertThat(bigEnd.error()).as("the long trickler's end on the server").isInstanceOfSatisfying(
                    FrameTooLongException.class, e -> {
                        assertThat(e.code()).isEqualTo(FramingException.ERR_FRAME_TOO_LONG);
                        assertThat(e.maxLength()).isEqualTo(LIMIT);
                        assertThat(e.length()).isGreaterThan(LIMIT).isLessThanOrEqualTo(big.sent.get());
                    });
            assertThat(big.received.get()).isZero();

            // The good client is still connected and served; the server has not closed it.
            exchange(requests, replies, rounds);
            assertThat(closes).doesNotContainKey(good.getLocalPort());
        } finally {
            server.close().block(T);
        }
    }

    /** A greeting and a time query; both replies, in order. */
    private static void exchange(OutputStream out, BufferedReader in, int round) throws IOException {
        out.write(("{\"type\":\"greeting\",\"name\":\"r" + round + "\"}\n{\"type\":\"query\",\"queryId\":" + round
                + ",\"query\":\"time\"}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        JsonNode welcome = JsonMapper.shared().readTree(in.readLine());
        assertThat(welcome.get("message").stringValue()).isEqualTo("Hello, r" + round + "!");
        JsonNode time = JsonMapper.shared().readTree(in.readLine());
        assertThat(time.get("queryId").asLong()).isEqualTo(round);
        assertThat(time.get("result").get("time").isString()).isTrue();
    }

    private static CloseEvent awaitClose(Map<Integer, CloseEvent> closes, int port) {
        io.reactivenet.testing.Await.until("the server's socket for client port " + port + " closed", T,
                () -> closes.containsKey(port));
        return closes.get(port);
    }

    /**
     * A peer that writes {@code head} at once, then one more byte every {@link #PACE_MS} until it has
     * written {@code max} bytes or the server closes the connection; then it only holds the
     * connection. Another thread reads until the server's end (EOF or reset).
     */
    private static final class Trickler implements AutoCloseable {
        final Socket socket = new Socket();
        final String head;
        final int max;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger received = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        private final Thread writer;
        private final Thread reader;

        Trickler(int port, String head, int max) throws IOException {
            this.head = head;
            this.max = max;
            socket.setTcpNoDelay(true); // one byte per segment, as the attack sends it
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            writer = new Thread(this::write, "trickler-writer-" + socket.getLocalPort());
            reader = new Thread(this::read, "trickler-reader-" + socket.getLocalPort());
            writer.setDaemon(true);
            reader.setDaemon(true);
        }

        int localPort() {
            return socket.getLocalPort();
        }

        void start() {
            reader.start();
            writer.start();
        }

        private void write() {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.UTF_8));
                sent.addAndGet(head.length());
                while (sent.get() < max && closed.getCount() > 0) {
                    Thread.sleep(PACE_MS); // the attack's pace, not a wait for an event
                    out.write('z');
                    sent.incrementAndGet();
                }
            } catch (IOException | InterruptedException e) {
                // the server closed the connection under the write; the reader records the end
            }
        }

        private void read() {
            try {
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    received.incrementAndGet();
                }
            } catch (IOException e) {
                // a reset is an end too
            } finally {
                closed.countDown();
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            writer.interrupt();
            writer.join(5_000);
            reader.join(5_000);
        }
    }
}
