package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18, acceptance 4: the chat server, launched exactly as the README launches it
 * ({@code java -jar reactive-net-samples.jar chat-server}, no JVM flags, default options), under a
 * burst of hostile peers while three well-behaved users keep chatting. Every line a user says
 * reaches the other two, once and in order; the server's resident memory 5 s after the burst is
 * less than 256 MiB above what it was before; the live heap after a full GC comes back to where it
 * was (nothing is retained).
 *
 * <p>The burst, all at once from the test process: oversized lines, binary garbage, 1,000
 * connect+RST ({@code SO_LINGER 0}), 2,000 idle connections (the first ones fill the room's 1,000
 * places, the others are told the room is full), and 200 slow writers (one byte per 100 ms each).
 * Figures: stdout and {@code target/chat-burst.txt}; docs/reliability.md quotes them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatBurstIT {

    private static final long MIB = 1024 * 1024;
    /** The bound on resident growth, burst start to 5 s after its end. */
    private static final long RSS_GROWTH_BOUND = 256 * MIB;
    /** What the live heap may keep after the attackers left (caches warmed by the burst, JIT metadata is off-heap). */
    private static final long LIVE_GROWTH_BOUND = 32 * MIB;

    static final int OVERSIZED = 20;
    static final int OVERSIZED_BYTES = 256 * 1024;
    static final int GARBAGE = 20;
    static final int GARBAGE_BYTES = 8 * 1024;
    static final int RESETS = 1_000;
    static final int IDLE = 2_000;
    static final int SLOW = 200;
    static final int SLOW_BYTES = 40;
    static final Duration SLOW_PACE = Duration.ofMillis(100);
    /** Descriptors the test needs at once (idle + slow + the rest), in this process and in the server. */
    static final int DESCRIPTORS = IDLE + SLOW + OVERSIZED + GARBAGE + 200;

    @Test
    void hostileBurstLeavesTheChatTalkingAndTheMemoryBounded() throws Exception {
        Assumptions.assumeTrue(ProcessMemory.descriptorLimit() >= 2L * DESCRIPTORS,
                "this test holds " + DESCRIPTORS + " sockets at once: raise the descriptor limit (ulimit -n)"
                        + " above " + 2 * DESCRIPTORS + "; it is " + ProcessMemory.descriptorLimit());
        StringBuilder report = new StringBuilder();
        try (Proc server = Proc.documented("chat-server", "--port", "0")) {
            int port = server.port();
            long pid = server.pid();
            List<Talker> talkers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                talkers.add(new Talker(port));
            }
            for (Talker t : talkers) {
                t.peers(talkers);
            }
            // Each is welcomed, and each join is told to those already in (whatever order the
            // server accepted them in): 3 welcomes + 3 notices.
            Await.until("the three users joined", Duration.ofSeconds(20),
                    () -> talkers.stream().mapToInt(t -> t.notices.get()).sum() >= 6);
            // Warm up the talking path, then take the baseline.
            for (int round = 0; round < 50; round++) {
                talkers.forEach(Talker::sayNext);
            }
            awaitAllHeard(talkers, server);
            long rssBefore = ProcessMemory.rss(pid);
            ProcessMemory.Heap heapBefore = ProcessMemory.liveHeapAfterGc(pid);
            int fdsBefore = ProcessMemory.fds(pid);

            AtomicLong rssPeak = new AtomicLong(rssBefore);
            AtomicInteger peakFds = new AtomicInteger(fdsBefore);
            Thread sampler = daemon("burst-rss-sampler", () -> {
                while (!Thread.currentThread().isInterrupted()) {
                    rssPeak.accumulateAndGet(ProcessMemory.rss(pid), Math::max);
                    try {
                        peakFds.accumulateAndGet(ProcessMemory.fds(pid), Math::max);
                        Thread.sleep(100);      // sampling period, not waiting for an event
                    } catch (InterruptedException | UncheckedIOException e) {
                        return;
                    }
                }
            });
            // The users keep talking through the burst, a line every 50 ms each.
            Thread talking = daemon("burst-talkers", () -> {
                while (!Thread.currentThread().isInterrupted()) {
                    talkers.forEach(Talker::sayNext);
                    try {
                        Thread.sleep(50);       // pacing the users
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            long burstStart = System.nanoTime();
            List<Socket> held = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(9);
            try {
                List<Future<?>> tasks = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    tasks.add(pool.submit(() -> resets(port, RESETS / 4)));
                }
                for (int i = 0; i < 2; i++) {
                    tasks.add(pool.submit(() -> idle(port, IDLE / 2, held)));
                }
                tasks.add(pool.submit(() -> oversized(port)));
                tasks.add(pool.submit(() -> garbage(port)));
                tasks.add(pool.submit(() -> slowWriters(port, held)));
                for (Future<?> f : tasks) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
                for (Socket s : held) {
                    closeQuietly(s);
                }
            }
            // The burst is over when the server has closed every attacker's connection too (it
            // announces each leave to every member still in the room: on a loaded machine that
            // takes a while); the 5 s count from there.
            long clientsDone = System.nanoTime();
            Await.until("the server closed the attackers' connections (" + ProcessMemory.fds(pid) + " descriptors open, "
                    + fdsBefore + " before)", Duration.ofSeconds(60), () -> ProcessMemory.fds(pid) <= fdsBefore + 10);
            long burstEnd = System.nanoTime();

            talking.interrupt();
            talking.join(10_000);
            assertThat(server.alive()).as("the server survived the burst; " + state(server)).isTrue();
            awaitAllHeard(talkers, server);
            for (Talker t : talkers) {
                assertThat(t.disorder).as(t.id + ": lines out of order or lost").isEmpty();
                assertThat(t.ended).as(t.id + " is still connected; " + state(server)).isFalse();
            }
            // The measurement point the issue names: 5 s after the burst.
            long sinceEnd = System.nanoTime() - burstEnd;
            long wait = TimeUnit.SECONDS.toNanos(5) - sinceEnd;
            if (wait > 0) {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wait));  // a measurement at a fixed time, not an event
            }
            sampler.interrupt();
            sampler.join(5_000);
            long rssAfter = ProcessMemory.rss(pid);
            int fdsAfter = ProcessMemory.fds(pid);
            ProcessMemory.Heap heapAfter = ProcessMemory.liveHeapAfterGc(pid);
            long rssAfterGc = ProcessMemory.rss(pid);

            int said = talkers.stream().mapToInt(t -> t.said).sum();
            report.append("chat burst (java -jar, default JVM settings, ").append(Runtime.getRuntime().availableProcessors())
                    .append(" cores)\n")
                    .append("burst: ").append(RESETS).append(" connect+RST, ").append(IDLE).append(" idle, ")
                    .append(SLOW).append(" slow writers, ").append(OVERSIZED).append(" x ").append(OVERSIZED_BYTES / 1024)
                    .append(" KiB oversized lines, ").append(GARBAGE).append(" x ").append(GARBAGE_BYTES / 1024)
                    .append(" KiB binary garbage, in ").append(TimeUnit.NANOSECONDS.toMillis(clientsDone - burstStart))
                    .append(" ms; the server closed the last attacker ").append(TimeUnit.NANOSECONDS.toMillis(burstEnd - clientsDone))
                    .append(" ms later\n")
                    .append("users: 3, ").append(said).append(" lines said, every one heard by the other two in order\n")
                    .append("rss before: ").append(ProcessMemory.mib(rssBefore))
                    .append(", peak during burst: ").append(ProcessMemory.mib(rssPeak.get()))
                    .append(", 5 s after: ").append(ProcessMemory.mib(rssAfter))
                    .append(" (growth ").append(ProcessMemory.mib(rssAfter - rssBefore))
                    .append("), after a full GC: ").append(ProcessMemory.mib(rssAfterGc)).append('\n')
                    .append("live heap before: ").append(heapBefore).append(", after: ").append(heapAfter).append('\n')
                    .append("descriptors before: ").append(fdsBefore).append(", peak: ").append(peakFds.get())
                    .append(", after: ").append(fdsAfter).append('\n');
            System.out.print(report);
            Files.writeString(Path.of("target", "chat-burst.txt"), report);

            assertThat(rssAfter - rssBefore).as("RSS growth 5 s after the burst\n" + report)
                    .isLessThan(RSS_GROWTH_BOUND);
            assertThat(heapAfter.used() - heapBefore.used()).as("live heap kept after the burst\n" + report)
                    .isLessThan(LIVE_GROWTH_BOUND);

            // Still healthy: a newcomer joins, talks, and the server stops cleanly.
            try (Talker newcomer = new Talker(port)) {
                newcomer.peers(talkers);
                Await.until("the newcomer is welcomed", Duration.ofSeconds(10), () -> newcomer.notices.get() >= 1);
                talkers.get(0).sayNext();
                Await.until("the newcomer hears a user", Duration.ofSeconds(10),
                        () -> newcomer.heardFrom(talkers.get(0)) > 0);
            }
            talkers.forEach(Talker::close);
            server.terminate();
            assertThat(server.waitFor(Duration.ofSeconds(15))).isZero();
        }
    }

    private static String state(Proc server) {
        String err = server.stderr();
        return (server.alive() ? "the server is running" : "the server exited with " + server.waitFor(Duration.ZERO))
                + "; its stdout:\n" + server.stdout() + "its stderr ends with:\n" + err.substring(Math.max(0, err.length() - 4000));
    }

    private static void awaitAllHeard(List<Talker> talkers, Proc server) {
        try {
            awaitAllHeard(talkers);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + talkers.stream().map(t -> t.id + " said " + t.said
                    + ", heard " + t.heard + (t.ended ? " (disconnected)" : "")).toList() + "; " + state(server), e);
        }
    }

    private static void awaitAllHeard(List<Talker> talkers) {
        Await.until("every line said reached the other users", Duration.ofSeconds(30), () -> {
            for (Talker listener : talkers) {
                for (Talker speaker : talkers) {
                    if (speaker != listener && listener.heardFrom(speaker) < speaker.said) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** Connect, then close at once with SO_LINGER 0: the server gets an RST. */
    private static void resets(int port, int n) {
        for (int i = 0; i < n; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port));
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Connections that neither read nor write, held until the burst ends. */
    private static void idle(int port, int n, List<Socket> held) {
        for (int i = 0; i < n; i++) {
            held.add(connect(port));
        }
    }

    /** Lines far over the 4,096-byte limit (discarded by the server, the author told), then the end. */
    private static void oversized(int port) {
        byte[] line = new byte[OVERSIZED_BYTES + 1];
        java.util.Arrays.fill(line, (byte) 'A');
        line[OVERSIZED_BYTES] = '\n';
        List<Socket> peers = new ArrayList<>();
        try {
            for (int i = 0; i < OVERSIZED; i++) {
                peers.add(connect(port));
            }
            for (Socket s : peers) {
                writeUnlessRefused(s, line);
            }
        } finally {
            peers.forEach(ChatBurstIT::closeQuietly);
        }
    }

    /** Random bytes (seeded): invalid UTF-8, NULs, CRs, and the odd newline that makes a line of garbage. */
    private static void garbage(int port) {
        SplittableRandom random = new SplittableRandom(1818);
        List<Socket> peers = new ArrayList<>();
        try {
            for (int i = 0; i < GARBAGE; i++) {
                peers.add(connect(port));
            }
            byte[] bytes = new byte[GARBAGE_BYTES];
            for (Socket s : peers) {
                random.nextBytes(bytes);
                writeUnlessRefused(s, bytes);
            }
        } finally {
            peers.forEach(ChatBurstIT::closeQuietly);
        }
    }

    /** One byte per {@link #SLOW_PACE} on each connection, {@link #SLOW_BYTES} bytes each, then held. */
    private static void slowWriters(int port, List<Socket> held) {
        List<Socket> peers = new ArrayList<>();
        for (int i = 0; i < SLOW; i++) {
            Socket s = connect(port);
            peers.add(s);
            held.add(s);
        }
        byte[] text = "a slow writer types this line slowly...\n".getBytes(StandardCharsets.US_ASCII);
        try {
            for (int b = 0; b < SLOW_BYTES; b++) {
                byte[] one = {text[b % text.length]};
                peers.removeIf(s -> !writeUnlessRefused(s, one));
                Thread.sleep(SLOW_PACE.toMillis());     // the attack's pace
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes {@code bytes}; false when the server already ended the connection: an attacker that
     * came when the room was full (1,000 users) is told so and ended, and its next write fails
     * (EPIPE or ECONNRESET). That is the server's right, not a failure of the test.
     */
    private static boolean writeUnlessRefused(Socket s, byte[] bytes) {
        try {
            s.getOutputStream().write(bytes);
            return true;
        } catch (IOException endedByTheServer) {
            closeQuietly(s);
            return false;
        }
    }

    private static Socket connect(int port) {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port));
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * A well-behaved user: says numbered lines ("talk N") and reads everything in its own thread,
     * checking that each other user's lines arrive once and in order. Lines are read as bytes
     * (garbage lines are not UTF-8).
     */
    static final class Talker implements AutoCloseable {

        final String id;
        final Socket socket;
        final OutputStream out;
        /** Server notices (welcome, joined, left, too long). */
        final AtomicInteger notices = new AtomicInteger();
        final Map<String, AtomicInteger> heard = new ConcurrentHashMap<>();
        final List<String> disorder = new CopyOnWriteArrayList<>();
        volatile int said;
        volatile boolean ended;

        Talker(int port) throws IOException {
            socket = connect(port);
            id = "127.0.0.1:" + socket.getLocalPort();
            out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            daemon("talker-" + id, () -> read(in));
        }

        void peers(List<Talker> all) {
            for (Talker t : all) {
                if (t != this) {
                    heard.putIfAbsent(t.id, new AtomicInteger());
                }
            }
        }

        int heardFrom(Talker t) {
            AtomicInteger n = heard.get(t.id);
            return n == null ? 0 : n.get();
        }

        synchronized void sayNext() {
            try {
                out.write(("talk " + said + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                said++;
            } catch (IOException e) {
                throw new UncheckedIOException(id + " could not talk", e);
            }
        }

        private void read(InputStream in) {
            // Bulk reads: this thread must keep up with the room on a loaded machine, or the server
            // rightly disconnects it as too slow.
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            try {
                for (int n; (n = in.read(buf)) != -1; ) {
                    int start = 0;
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            line.write(buf, start, i - start);
                            String l = line.toString(StandardCharsets.ISO_8859_1);
                            line.reset();
                            onLine(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
                            start = i + 1;
                        }
                    }
                    line.write(buf, start, n - start);
                }
            } catch (IOException closed) {
                // the test closed it, or the server did
            } finally {
                ended = true;
            }
        }

        private void onLine(String l) {
            if (l.startsWith("Welcome ") || l.startsWith("User ") || l.startsWith("Your line")) {
                notices.incrementAndGet();
                return;
            }
            int colon = l.indexOf(": talk ");
            if (colon < 0) {
                return;     // a line of garbage or a slow writer's line
            }
            AtomicInteger next = heard.get(l.substring(0, colon));
            if (next == null) {
                return;
            }
            int seq = Integer.parseInt(l.substring(colon + ": talk ".length()));
            if (seq != next.get()) {
                disorder.add("expected " + l.substring(0, colon) + " line " + next.get() + ", got " + seq);
            }
            next.set(seq + 1);
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }
}
