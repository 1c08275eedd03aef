package io.reactivenet.bench;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetLoops;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.bench.harness.ThreadCpu;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.Disposable;

/**
 * A flood of connection attempts past {@code maxConnections} (issue 18, acceptance 5): a server with
 * {@code maxConnections(N)} keeps N connections doing request/response (64 bytes, one request per
 * connection every 10 ms); their latency is measured in a quiet phase, then while a few threads
 * open and lose 20,000 more connections (each accepted, dropped by the server, read to its end by
 * the client). Afterwards: every kept request was answered, every attempt was a Drop event, the
 * descriptors come back to their count with the server listening and no connection, and a new
 * connection echoes. {@code FloodLatencyIT} asserts those; the latency ratio is this program's report.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.reactivenet.bench.FloodLatency
 * [kept=100] [attempts=20000] [quietSeconds=5] [floodThreads=4] [self|control] [rate=0]}, with
 * {@code -Dflood.transport=NIO|EPOLL|IO_URING} for the server's loops (default: the default loops).
 * Server and clients share one process (and, here, 2 cores): the flood's clients compete with the
 * server for CPU, which is part of what the figure shows. Not a JMH benchmark: it measures latency under an event, not a method.
 */
public final class FloodLatency {

    private static final int MESSAGE = 64;
    private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final int TIMEOUT_MS = 10_000;

    /** Latencies in nanoseconds per phase, and what the run saw. */
    public record Result(int kept, long[] quiet, long[] flood, int attempts, int attemptErrors, long drops, long floodMillis,
            long keptErrors, int fdsBefore, int fdsAfter, boolean echoAfter, Map<String, Double> quietCpu,
            Map<String, Double> floodCpu, String floodBySecond) {

        public long percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return -1;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
        }

        /** A few lines of Markdown: the table docs/reliability.md quotes. */
        public String report() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "Flood past maxConnections: %d kept connections, %d attempts from "
                    + "the flood in %d ms (%d attempt errors, %d Drop events); transport %s; JDK %s, %d cores, load %.1f%n%n",
                    kept, attempts, floodMillis, attemptErrors, drops, System.getProperty("flood.transport", "default"),
                    System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            b.append("| phase | requests | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|\n");
            row(b, "quiet", quiet);
            row(b, "flood", flood);
            b.append(String.format(Locale.ROOT, "%nCPU in cores, quiet: %s%nCPU in cores, flood: %s%n"
                    + "the accepting thread: %.1f us CPU per attempt%nflood p50/p99 by second (ms): %s%n",
                    ThreadCpu.format(quietCpu),
                    ThreadCpu.format(floodCpu), floodCpu.getOrDefault(ACCEPT, 0.0) * floodMillis * 1e3 / attempts,
                    floodBySecond));
            b.append(String.format(Locale.ROOT, "flood/quiet: p50 %.2fx, p99 %.2fx; kept-request errors: %d; "
                    + "descriptors before %d, after %d; a new connection echoes: %s%n",
                    percentile(flood, 50) / (double) percentile(quiet, 50),
                    percentile(flood, 99) / (double) percentile(quiet, 99), keptErrors, fdsBefore, fdsAfter, echoAfter));
            return b.toString();
        }

        private void row(StringBuilder b, String name, long[] sorted) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", name, sorted.length,
                    ms(percentile(sorted, 50)), ms(percentile(sorted, 99)), ms(percentile(sorted, 99.9)),
                    ms(sorted.length == 0 ? -1 : sorted[sorted.length - 1])));
        }

        private static String ms(long nanos) {
            return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
        }
    }

    private FloodLatency() {
    }

    public static void main(String[] args) throws Exception {
        int kept = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int attempts = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int quietSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        boolean control = args.length > 4 && args[4].equals("control");
        int rate = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        System.out.print(run(kept, attempts, Duration.ofSeconds(quietSeconds), threads, control, rate).report());
    }

    /** One run: warm-up, quiet phase, flood phase, then the health checks. */
    public static Result run(int kept, int attempts, Duration quiet, int floodThreads) throws Exception {
        return run(kept, attempts, quiet, floodThreads, false, 0);
    }

    /**
     * The same; with {@code control}, the flood goes to a plain {@code java.net.ServerSocket} on
     * another port that accepts and closes, not to our server: what 20,000 connections cost the
     * machine (and so the kept connections) whoever drops them. {@code rate}: attempts per second in
     * all (0: as fast as the threads go, each waiting for its drop before the next attempt).
     */
    public static Result run(int kept, int attempts, Duration quiet, int floodThreads, boolean control, int rate)
            throws Exception {
        // -Dflood.transport=NIO|EPOLL|IO_URING: the server on loops of that transport (same shape as
        // the default loops: one accepting loop, one worker loop per core); unset: the default loops.
        String transport = System.getProperty("flood.transport");
        NetLoops loops = transport == null ? null
                : NetLoops.create("flood-server", NetLoops.DEFAULT_THREADS, Transport.valueOf(transport));
        ListeningServer server = Net.createServer(ServerOptions.defaults().maxConnections(kept).noDelay(true)
                .loops(loops), s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(Duration.ofSeconds(10));
        // The process's descriptors with the server listening and no connection: what must come back.
        int fdsBefore = fds();
        AtomicLong drops = new AtomicLong();
        Disposable dropEvents = server.events().ofType(ServerEvent.Drop.class).subscribe(d -> drops.incrementAndGet());
        int port = server.address().port();
        AtomicInteger phase = new AtomicInteger();        // 0 warm-up, 1 quiet, 2 flood, 3 stop
        AtomicLong keptErrors = new AtomicLong();
        ExecutorService keptPool = Executors.newFixedThreadPool(kept, named(KEPT_CLIENT));
        ExecutorService floodPool = Executors.newFixedThreadPool(floodThreads, named(FLOOD_CLIENT));
        List<Future<long[][]>> keptClients = new ArrayList<>();
        AtomicInteger attemptErrors = new AtomicInteger();
        long floodMillis;
        boolean echoAfter;
        Map<String, Double> quietCpu;
        Map<String, Double> floodCpu;
        java.net.ServerSocket other = null;
        Thread acceptor = null;
        try {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < kept; i++) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress("127.0.0.1", port));
                s.setSoTimeout(TIMEOUT_MS);
                sockets.add(s);
            }
            for (Socket s : sockets) {
                keptClients.add(keptPool.submit(() -> keptClient(s, phase, keptErrors)));
            }
            other = control ? new java.net.ServerSocket(0, 4096, java.net.InetAddress.getLoopbackAddress()) : null;
            java.net.ServerSocket control0 = other;
            acceptor = other == null ? null : new Thread(() -> acceptAndClose(control0), CONTROL_ACCEPTOR);
            if (acceptor != null) {
                acceptor.start();
            }
            int floodPort = other == null ? port : other.getLocalPort();
            // -Dflood.warmAttempts=N: a flood of N attempts (at the same rate) in the warm-up, so that the
            // measured flood finds the drop path compiled (the JIT's work of a first flood is not in it).
            int warmAttempts = Integer.getInteger("flood.warmAttempts", 0);
            if (warmAttempts > 0) {
                for (Future<?> f : flood(floodPool, floodThreads, floodPort, warmAttempts, rate, attemptErrors)) {
                    f.get(10, TimeUnit.MINUTES);
                }
                drops.set(0);
            }
            LockSupport.parkNanos(WARM_UP.toNanos());
            phase.set(1);
            ThreadCpu cpu = ThreadCpu.start(FloodLatency::threadGroup);
            LockSupport.parkNanos(quiet.toNanos());
            quietCpu = cpu.cores();
            phase.set(2);
            long floodStart = System.nanoTime();
            cpu = ThreadCpu.start(FloodLatency::threadGroup);
            List<Future<?>> flood = flood(floodPool, floodThreads, floodPort, attempts, rate, attemptErrors);
            try {
                for (Future<?> f : flood) {
                    f.get(10, TimeUnit.MINUTES);
                }
                floodCpu = cpu.cores();   // before the control's acceptor ends (an ended thread is not counted)
            } finally {
                closeControl(other, acceptor);
                other = null;
            }
            floodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - floodStart);
            phase.set(3);
            long[][] all = new long[3][];
            all[0] = new long[0];
            all[1] = new long[0];
            all[2] = new long[0];
            for (Future<long[][]> f : keptClients) {
                long[][] r = f.get(1, TimeUnit.MINUTES);
                all[0] = concat(all[0], r[0]);
                all[1] = concat(all[1], r[1]);
                all[2] = concat(all[2], r[2]);
            }
            String bySecond = bySecond(all[1], all[2], floodStart);
            for (Socket s : sockets) {
                s.close();
            }
            // Health: the kept connections are gone, the server takes and echoes a new one.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            echoAfter = echoes(port);
            Arrays.sort(all[0]);
            Arrays.sort(all[1]);
            int fdsAfter = fds();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (fdsAfter > fdsBefore && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                fdsAfter = fds();
            }
            return new Result(kept, all[0], all[1], attempts, attemptErrors.get(), drops.get(), floodMillis,
                    keptErrors.get(), fdsBefore, fdsAfter, echoAfter, quietCpu, floodCpu, bySecond);
        } finally {
            phase.set(3);
            closeControl(other, acceptor);
            keptPool.shutdownNow();
            floodPool.shutdownNow();
            keptPool.awaitTermination(10, TimeUnit.SECONDS);
            floodPool.awaitTermination(10, TimeUnit.SECONDS);
            dropEvents.dispose();
            server.closeNow().onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(Duration.ofSeconds(10));
            if (loops != null) {
                loops.disposeLater().block(Duration.ofSeconds(10));
            }
        }
    }

    /** p50/p99 of the flood's requests by the second of the flood they started in: when it hurt. */
    private static String bySecond(long[] took, long[] started, long floodStart) {
        List<long[]> buckets = new ArrayList<>();
        int[] n = new int[64];
        for (int i = 0; i < took.length; i++) {
            int b = (int) Math.min(63, Math.max(0, (started[i] - floodStart) / TimeUnit.SECONDS.toNanos(1)));
            while (buckets.size() <= b) {
                buckets.add(new long[took.length]);
            }
            buckets.get(b)[n[b]++] = took[i];
        }
        StringBuilder out = new StringBuilder();
        for (int b = 0; b < buckets.size(); b++) {
            long[] sorted = Arrays.copyOf(buckets.get(b), n[b]);
            Arrays.sort(sorted);
            if (sorted.length > 0) {
                out.append(String.format(Locale.ROOT, "%s%.2f/%.1f", out.length() == 0 ? "" : " ",
                        sorted[(sorted.length - 1) / 2] / 1e6, sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6));
            }
        }
        return out.toString();
    }

    /**
     * Request/response every 10 ms; latencies of the quiet phase in [0], of the flood in [1], the
     * flood's start times (System.nanoTime) in [2].
     */
    private static long[][] keptClient(Socket s, AtomicInteger phase, AtomicLong errors) {
        long[][] lat = {new long[1024], new long[1024], new long[1024]};
        int[] n = new int[3];
        byte[] request = new byte[MESSAGE];
        byte[] reply = new byte[MESSAGE];
        try {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            long next = System.nanoTime();
            int p;
            while ((p = phase.get()) < 3) {
                next += PACE_NANOS;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long start = System.nanoTime();
                out.write(request);
                int got = 0;
                while (got < MESSAGE) {
                    int r = in.read(reply, got, MESSAGE - got);
                    if (r < 0) {
                        throw new IOException("the server ended a kept connection");
                    }
                    got += r;
                }
                long took = System.nanoTime() - start;
                if (p >= 1) {
                    int i = p - 1;
                    if (n[i] == lat[i].length) {
                        lat[i] = Arrays.copyOf(lat[i], n[i] * 2);
                    }
                    lat[i][n[i]++] = took;
                    if (i == 1) {
                        if (n[2] == lat[2].length) {
                            lat[2] = Arrays.copyOf(lat[2], n[2] * 2);
                        }
                        lat[2][n[2]++] = start;
                    }
                }
            }
        } catch (IOException e) {
            errors.incrementAndGet();
        }
        return new long[][] {Arrays.copyOf(lat[0], n[0]), Arrays.copyOf(lat[1], n[1]), Arrays.copyOf(lat[2], n[2])};
    }

    /** {@code attempts} spread over {@code threads} tasks, {@code rate} a second in all (0: no pacing). */
    private static List<Future<?>> flood(ExecutorService pool, int threads, int port, int attempts, int rate,
            AtomicInteger errors) {
        List<Future<?>> flood = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = attempts / threads + (t < attempts % threads ? 1 : 0);
            long periodNanos = rate <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * threads / rate;
            flood.add(pool.submit(() -> flood(port, share, periodNanos, errors)));
        }
        return flood;
    }

    private static void closeControl(java.net.@org.jspecify.annotations.Nullable ServerSocket other,
            @org.jspecify.annotations.Nullable Thread acceptor) throws IOException, InterruptedException {
        if (other != null) {
            other.close();
            if (acceptor != null) {
                acceptor.join(10_000);
            }
        }
    }

    /** Connection attempts past the limit: connect, read to the end (the server drops it), close. */
    private static void flood(int port, int attempts, long periodNanos, AtomicInteger errors) {
        long next = System.nanoTime();
        for (int i = 0; i < attempts && !Thread.currentThread().isInterrupted(); i++) {
            if (periodNanos > 0) {
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
                s.setSoTimeout(TIMEOUT_MS);
                try {
                    s.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    // dropped with an RST rather than a FIN: dropped all the same
                }
            } catch (IOException e) {
                errors.incrementAndGet();       // could not connect, or the drop never came
            }
        }
    }

    private static void acceptAndClose(java.net.ServerSocket server) {
        while (!server.isClosed()) {
            try {
                server.accept().close();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static boolean echoes(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            s.getOutputStream().write("still here".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readNBytes(10), java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("still here");
        } catch (IOException e) {
            return false;
        }
    }

    private static final String ACCEPT = "accept";
    private static final String KEPT_CLIENT = "kept-client";
    private static final String FLOOD_CLIENT = "flood-client";
    private static final String CONTROL_ACCEPTOR = "flood-control-acceptor";

    /**
     * Where a thread's CPU goes in the report: the accepting thread (our server's accepting loop has
     * "-select" in its name, see NetLoops; or the control's acceptor), our server's worker loops, the
     * kept and flood clients.
     */
    private static String threadGroup(String name) {
        if (name.contains("-select") || name.equals(CONTROL_ACCEPTOR)) {
            return ACCEPT;
        }
        if (name.startsWith(KEPT_CLIENT)) {
            return "kept clients";
        }
        if (name.startsWith(FLOOD_CLIENT)) {
            return "flood clients";
        }
        if (name.startsWith("reactive-net-") || name.startsWith("flood-server")) {
            return "server loops";
        }
        return null;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + "-" + n.incrementAndGet());
    }

    private static int fds() throws IOException {
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            return (int) list.count();
        }
    }

    private static long[] concat(long[] a, long[] b) {
        long[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
