package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat server as a user runs it ({@code java -jar ... chat-server}), driven by real peers:
 * node (200 clients), nc, and plain Java sockets.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatServerIT {

    private static final Duration LINE = Duration.ofSeconds(10);

    /**
     * Acceptance 2: 200 concurrent clients, 20 lines each, everyone gets every other line once, in
     * order, while one more client sits in the room and never reads.
     */
    @Test
    void twoHundredClientsEachGetEveryOtherClientsLinesOnceInOrder() throws IOException {
        try (Proc server = Proc.jar("chat-server", "--port", "0");
             Socket neverReads = new Socket()) {
            int port = server.port();
            neverReads.setReceiveBufferSize(8192);
            neverReads.connect(new InetSocketAddress("127.0.0.1", port));
            try (Proc swarm = Proc.node("/node/chat-swarm.js", Integer.toString(port), "200", "20")) {
                String result = swarm.nextLine(Duration.ofSeconds(100));
                assertThat(result).as(swarm.stderr()).contains("\"ok\":true", "\"received\":796000");
                assertThat(swarm.waitFor(LINE)).isZero();
            }
        }
    }

    /**
     * Acceptance 2: a client that never reads fills its kernel buffers, then its bounded outbox;
     * it is disconnected (the documented policy) and the others get every line meanwhile.
     */
    @Test
    void aClientThatNeverReadsIsDisconnectedAndDoesNotStallTheOthers() throws Exception {
        int lines = 4000;
        String payload = "x".repeat(4000);
        try (Proc server = Proc.jar("chat-server", "--port", "0");
             Socket stuck = new Socket();
             Socket listener = new Socket();
             Socket talker = new Socket()) {
            int port = server.port();
            stuck.setReceiveBufferSize(8192);            // small window: its buffers fill sooner
            stuck.connect(new InetSocketAddress("127.0.0.1", port));
            String stuckId = "127.0.0.1:" + stuck.getLocalPort();
            BufferedReader listen = join(listener, port);
            BufferedReader talk = join(talker, port);
            String talkerId = "127.0.0.1:" + talker.getLocalPort();

            // The listener reads everything; the talker sends 16 MB that must reach it all, in order,
            // at the pace of a reader that keeps up (batches of 400 KB, below the 1 MiB outbox bound:
            // a reader that falls further behind than that is too slow by the policy).
            Semaphore received = new Semaphore(0);
            CompletableFuture<List<String>> heard = CompletableFuture.supplyAsync(() -> {
                List<String> events = new ArrayList<>();
                int next = 0;
                try {
                    while (next < lines) {
                        String l = listen.readLine();
                        if (l == null) {
                            throw new AssertionError("listener: connection ended after " + next + " lines");
                        }
                        if (l.startsWith(talkerId + ": ")) {
                            int seq = Integer.parseInt(l.substring(talkerId.length() + 2, l.indexOf(' ', talkerId.length() + 2)));
                            assertThat(seq).as("talker's lines in order, once").isEqualTo(next);
                            next++;
                            received.release();
                        } else {
                            events.add(l);
                        }
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return events;
            });
            OutputStream out = talker.getOutputStream();
            int batch = 100;
            for (int i = 0; i < lines; i++) {
                out.write((i + " " + payload + "\n").getBytes(StandardCharsets.UTF_8));
                if (i % batch == batch - 1) {
                    out.flush();
                    assertThat(received.tryAcquire(batch, 30, TimeUnit.SECONDS))
                            .as("the listener keeps getting lines while the stuck client does not read").isTrue();
                }
            }
            List<String> events = heard.get(30, TimeUnit.SECONDS);

            // The policy: the stuck client left the room (the others were told) with a reason.
            assertThat(events).contains("User " + stuckId + " left the chat.");
            assertThat(server.stderr()).contains("left: " + stuckId + " (" + ChatServer.TOO_SLOW + ")");
            // ... and when it finally reads, it gets what was queued, the reason, then the end.
            stuck.setSoTimeout(20_000);
            BufferedReader slow = new BufferedReader(new InputStreamReader(stuck.getInputStream(), StandardCharsets.UTF_8));
            String last = null;
            try {
                for (String l; (l = slow.readLine()) != null; ) {
                    last = l;
                }
            } catch (SocketException reset) {
                last = "reset";
            }
            if (!server.stderr().contains("destroyed: " + stuckId)) {
                // Unless it took longer than the grace to come back (then it was destroyed), the
                // queued lines end with the reason.
                assertThat(last).isIn(ChatServer.TOO_SLOW, "reset");
            }
            talk.close();
        }
    }

    /** maxConnections: one more user is told politely, by an nc user. */
    @Test
    void oneUserTooManyIsRefusedPolitely() throws Exception {
        try (Proc server = Proc.jar("chat-server", "--port", "0", "--max-connections", "2");
             Socket a = new Socket();
             Socket b = new Socket()) {
            int port = server.port();
            join(a, port);
            join(b, port);
            try (Proc nc = Proc.nc("127.0.0.1", Integer.toString(port))) {
                assertThat(nc.nextLine(LINE)).isEqualTo("Sorry, the chat is full (2 users). Please try again later.");
                nc.closeStdin();
                assertThat(nc.waitFor(LINE)).isZero();
            }
        }
    }

    /** Lines: \n or \r\n, UTF-8 as is, a too-long line refused with a message and the connection kept (nc as a user). */
    @Test
    void linesCrLfUtf8AndTheLengthLimit() throws Exception {
        try (Proc server = Proc.jar("chat-server", "--port", "0");
             Socket other = new Socket()) {
            int port = server.port();
            BufferedReader in = join(other, port);
            try (Proc nc = Proc.nc("127.0.0.1", Integer.toString(port))) {
                assertThat(nc.nextLine(LINE)).startsWith("Welcome to the chat server! There are 2 users online.");
                String joined = in.readLine();
                assertThat(joined).startsWith("User 127.0.0.1:").endsWith(" joined the chat.");
                String id = joined.substring("User ".length(), joined.length() - " joined the chat.".length());
                nc.write("hello\r\n");
                nc.write("y".repeat(ChatServer.MAX_LINE_BYTES + 1) + "\n");
                nc.write("héllo wörld ✓\n");
                assertThat(nc.nextLine(LINE)).isEqualTo(ChatServer.TOO_LONG);
                assertThat(in.readLine()).isEqualTo(id + ": hello");
                assertThat(in.readLine()).isEqualTo(id + ": héllo wörld ✓");
                other.getOutputStream().write("and back\n".getBytes(StandardCharsets.UTF_8));
                assertThat(nc.nextLine(LINE)).isEqualTo("127.0.0.1:" + other.getLocalPort() + ": and back");
                nc.closeStdin();
                nc.terminate();
                assertThat(in.readLine()).isEqualTo("User " + id + " left the chat.");
            }
        }
    }

    /** Acceptance 3: SIGTERM tells every user, ends their connections, exits 0 within 5 s. */
    @Test
    void sigtermSaysGoodbyeToEveryoneAndExitsZero() throws Exception {
        try (Proc server = Proc.jar("chat-server", "--port", "0");
             Socket a = new Socket();
             Socket b = new Socket()) {
            int port = server.port();
            BufferedReader ina = join(a, port);
            BufferedReader inb = join(b, port);
            server.terminate();
            assertThat(server.waitFor(Duration.ofSeconds(5))).isZero();
            assertThat(ina.readLine()).startsWith("User ");                 // b joined
            assertThat(ina.readLine()).isEqualTo(ChatServer.SHUTDOWN);
            assertThat(ina.readLine()).isNull();
            assertThat(inb.readLine()).isEqualTo(ChatServer.SHUTDOWN);
            assertThat(inb.readLine()).isNull();
        }
    }

    /** --idle: a user who says nothing is told and disconnected; the others hear that the user left. */
    @Test
    void idleUsersAreDisconnected() throws Exception {
        try (Proc server = Proc.jar("chat-server", "--port", "0", "--idle", "1s");
             Socket a = new Socket()) {
            BufferedReader in = join(a, server.port());
            a.setSoTimeout(10_000);
            assertThat(in.readLine()).isEqualTo(ChatServer.IDLE);
            assertThat(in.readLine()).isNull();
        }
    }

    /**
     * Slowloris: a user trickling a byte every 50 ms into a line it never ends is never idle
     * ({@code --idle} counts bytes, as Node's), but {@code --line-timeout} counts whole lines: it is
     * told and disconnected while it is still trickling, and bounded meanwhile by the line limit. A
     * line that arrives in two pieces within the limit goes through, and the others keep chatting.
     * The sleeps are the attack's pace and the split line's gap, not waits for an event.
     */
    @Test
    void aLineTricklerIsDisconnectedWhileTheOthersChat() throws Exception {
        try (Proc server = Proc.jar("chat-server", "--port", "0", "--line-timeout", "1s");
             Socket good = new Socket();
             Socket slow = new Socket()) {
            int port = server.port(); // reads the "listening on" line: once
            BufferedReader goodIn = join(good, port);
            BufferedReader slowIn = join(slow, port);
            String slowId = "127.0.0.1:" + slow.getLocalPort();
            assertThat(goodIn.readLine()).isEqualTo("User " + slowId + " joined the chat.");
            java.util.concurrent.atomic.AtomicInteger trickled = new java.util.concurrent.atomic.AtomicInteger();
            Thread trickler = new Thread(() -> {
                try {
                    OutputStream out = slow.getOutputStream();
                    for (int i = 0; i < 400; i++) { // 20 s at most: far longer than the 1 s limit
                        out.write('x');
                        out.flush();
                        trickled.incrementAndGet();
                        Thread.sleep(50); // the attack's pace, not a wait for an event
                    }
                } catch (IOException | InterruptedException e) {
                    // disconnected by the server, or the test is over
                }
            }, "trickler");
            trickler.start();
            OutputStream g = good.getOutputStream();
            g.write("hel".getBytes(StandardCharsets.UTF_8));
            g.flush();
            Thread.sleep(200); // the line's second piece comes in another read, well within the limit
            g.write("lo\n".getBytes(StandardCharsets.UTF_8));
            g.flush();

            List<String> seen = new ArrayList<>();
            String line;
            while ((line = slowIn.readLine()) != null) { // up to the server's end (30 s read timeout)
                seen.add(line);
            }
            int trickledAtTheEnd = trickled.get();
            assertThat(seen).contains("127.0.0.1:" + good.getLocalPort() + ": hello");
            assertThat(seen).last().isEqualTo(ChatServer.LINE_TIMEOUT);
            assertThat(trickledAtTheEnd).as("ended while still trickling").isLessThan(400);
            assertThat(goodIn.readLine()).isEqualTo("User " + slowId + " left the chat.");
            g.write("/users\n".getBytes(StandardCharsets.UTF_8));
            g.flush();
            assertThat(goodIn.readLine()).isEqualTo("Users online (1): 127.0.0.1:" + good.getLocalPort());
            trickler.interrupt();
            trickler.join(10_000);
        }
    }

    /** The terminal client: stdin lines to the room, room lines to stdout, exit 0 at end of stdin and when the server goes. */
    @Test
    void chatClientSendsStdinPrintsTheRoomAndExitsZero() throws Exception {
        try (Proc server = Proc.jar("chat-server", "--port", "0");
             Socket other = new Socket()) {
            int port = server.port();
            BufferedReader in = join(other, port);
            try (Proc client = Proc.jar("chat-client", "--port", Integer.toString(port))) {
                String joined = in.readLine();
                String id = joined.substring("User ".length(), joined.length() - " joined the chat.".length());
                assertThat(client.nextLine(LINE)).isEqualTo("Welcome to the chat server! There are 2 users online.");
                client.write("hi from the client\n");
                assertThat(in.readLine()).isEqualTo(id + ": hi from the client");
                other.getOutputStream().write("hi back\n".getBytes(StandardCharsets.UTF_8));
                assertThat(client.nextLine(LINE)).isEqualTo("127.0.0.1:" + other.getLocalPort() + ": hi back");
                client.closeStdin();
                assertThat(client.waitFor(LINE)).isZero();
                assertThat(in.readLine()).isEqualTo("User " + id + " left the chat.");
            }
            try (Proc client = Proc.jar("chat-client", "--port", Integer.toString(port))) {
                assertThat(client.nextLine(LINE)).startsWith("Welcome");
                server.terminate();
                assertThat(client.nextLine(LINE)).isEqualTo(ChatServer.SHUTDOWN);
                assertThat(client.waitFor(LINE)).as("exits when the server closes").isZero();
                assertThat(server.waitFor(Duration.ofSeconds(5))).isZero();
            }
        }
    }

    /** Connects, reads the welcome line; returns the reader for the rest. */
    private static BufferedReader join(Socket socket, int port) throws IOException {
        if (!socket.isConnected()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
        }
        socket.setSoTimeout(30_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).startsWith("Welcome to the chat server! There are ");
        return in;
    }
}
