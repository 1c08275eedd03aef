package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18, acceptance 5: SIGTERM while 100 clients are mid-request. The echo server, launched as
 * the README launches the samples, answers 100 clients that each send 8 KiB requests back to back
 * and check every reply byte for byte. Then SIGTERM: the server stops accepting (a new connection
 * is refused) and lets the open ones finish. Half the clients behave like a draining client (finish
 * the request in flight, end their side, read to the end): every one of their replies is whole. The
 * other half never stop: the server cuts them when its grace ({@code Servers.GRACE}, 2 s) is over, and
 * what they got of the reply in flight is an exact prefix of what they sent: no byte is wrong,
 * nothing is invented. The process exits 0 by itself.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShutdownUnderLoadIT {

    static final int CLIENTS = 100;
    static final int REQUEST = 8 * 1024;
    /** As in SamplesIT: it must exit by itself; the bound is not a speed test. */
    static final Duration STOP = Duration.ofSeconds(15);

    /** What one client saw. */
    record Outcome(int client, boolean drained, long completed, long completedAfterSignal, int partial, String end) {
    }

    @Test
    void sigtermUnderLoadFinishesTheRequestsInFlightAndExitsZero() throws Exception {
        try (Proc server = Proc.documented("echo-server", "--port", "0")) {
            int port = server.port();
            AtomicLong signalled = new AtomicLong(Long.MAX_VALUE);
            AtomicLong exchanges = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Outcome>> clients = new ArrayList<>();
            long exitedAt;
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    int id = i;
                    clients.add(pool.submit(() -> client(id, port, id % 2 == 0, signalled, exchanges)));
                }
                // Under load: every client has done a few exchanges (5 each on average).
                Await.until("100 clients exchanging", Duration.ofSeconds(30), () -> exchanges.get() >= 5L * CLIENTS);
                signalled.set(System.nanoTime());
                server.terminate();

                // Stops accepting: a new connection is refused once the listener is closed.
                Await.until("the server refuses new connections", STOP, () -> refused(port));
                assertThat(server.waitFor(STOP)).as("exit status after SIGTERM\n" + server.stderr()).isZero();
                exitedAt = System.nanoTime();
            } finally {
                pool.shutdown();
                if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : clients) {
                outcomes.add(f.get(1, TimeUnit.SECONDS));        // a wrong byte fails here, with its place
            }
            long total = outcomes.stream().mapToLong(Outcome::completed).sum();
            long afterSignal = outcomes.stream().mapToLong(Outcome::completedAfterSignal).sum();
            List<Outcome> drained = outcomes.stream().filter(Outcome::drained).toList();
            List<Outcome> stubborn = outcomes.stream().filter(o -> !o.drained()).toList();
            String report = "SIGTERM under load: " + total + " exchanges of " + REQUEST + " bytes, " + afterSignal
                    + " completed after the signal; exit 0 after "
                    + TimeUnit.NANOSECONDS.toMillis(exitedAt - signalled.get()) + " ms; " + drained.size()
                    + " draining clients ended cleanly, " + stubborn.size() + " cut at the grace with "
                    + stubborn.stream().filter(o -> o.partial() > 0).count() + " partial replies, every one a prefix"
                    + "; ends: " + stubborn.stream().map(Outcome::end).distinct().toList();
            System.out.println(report);
            assertThat(drained).as(report).allSatisfy(o -> {
                assertThat(o.end()).isEqualTo("drained");
                assertThat(o.partial()).isZero();
            });
            assertThat(stubborn).as(report).allSatisfy(o -> assertThat(o.end()).isNotEqualTo("drained"));
            assertThat(afterSignal).as("requests in flight at the signal were answered").isGreaterThanOrEqualTo(CLIENTS / 2);
        }
    }

    /**
     * Request after request until the server ends the connection; a draining client, once the signal
     * is sent, finishes the request in flight, ends its side and reads to the end.
     */
    private static Outcome client(int id, int port, boolean drains, AtomicLong signalled, AtomicLong exchanges)
            throws IOException {
        SplittableRandom random = new SplittableRandom(id);
        byte[] request = new byte[REQUEST];
        byte[] reply = new byte[REQUEST];
        long completed = 0;
        long afterSignal = 0;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            while (true) {
                boolean stopping = System.nanoTime() >= signalled.get();
                if (stopping && drains) {
                    s.shutdownOutput();
                    int extra = in.read();
                    return new Outcome(id, true, completed, afterSignal, 0, extra == -1 ? "drained" : "extra byte");
                }
                random.nextBytes(request);
                int got = 0;
                try {
                    out.write(request);
                    while (got < REQUEST) {
                        int n = in.read(reply, got, REQUEST - got);
                        if (n < 0) {
                            break;
                        }
                        got += n;
                    }
                } catch (IOException cut) {
                    assertPrefix(id, completed, request, reply, got);
                    return new Outcome(id, drains, completed, afterSignal, got, cut.getClass().getSimpleName());
                }
                assertPrefix(id, completed, request, reply, got);
                if (got < REQUEST) {
                    return new Outcome(id, drains, completed, afterSignal, got, got == 0 ? "end" : "end mid-reply");
                }
                completed++;
                exchanges.incrementAndGet();
                if (System.nanoTime() >= signalled.get()) {
                    afterSignal++;
                }
            }
        }
    }

    private static void assertPrefix(int id, long exchange, byte[] request, byte[] reply, int got) {
        if (!Arrays.equals(request, 0, got, reply, 0, got)) {
            int at = Arrays.mismatch(request, 0, got, reply, 0, got);
            throw new AssertionError("client " + id + ", exchange " + exchange + ": reply byte " + at + " differs");
        }
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (ConnectException expected) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }
}
