package io.reactivenet.samples.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The soak's entry point: {@code java -cp reactive-net-samples.jar io.reactivenet.samples.soak.Soak
 * [options]} ({@code benchmarks/soak.sh} builds the jar and runs it). Starts the echo server sample as
 * a child process, runs the phases (warm-up round, settle and baseline, ramp to the idle
 * connections with churn and request/response traffic, load, the clients leave, recovery), samples
 * the server every second, then writes {@code soak.csv}, {@code soak-summary.txt} and
 * {@code soak.png} and judges the run ({@link Bounds}). Exit status: 0 when every bound held, 1 when
 * one broke or the run failed, 2 for a bad command line or a descriptor limit too low for the run.
 */
public final class Soak {

    private static final double MIB = 1024.0 * 1024.0;
    private static final Duration SETTLE_GC = Duration.ofSeconds(1);
    /** The longest the settle may last beyond {@code --settle} while descriptors and threads still change. */
    private static final Duration MAX_EXTRA_SETTLE = Duration.ofSeconds(30);

    private final SoakConfig config;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<String> probeErrors = Collections.synchronizedList(new ArrayList<>());
    private final long start = System.nanoTime();
    private volatile String phase = "start";
    private volatile long gcPeriodNanos;
    private long lastGc = Long.MIN_VALUE / 2;
    private double liveMiB = Double.NaN;
    private double fullGcMs = Double.NaN;
    private volatile @Nullable Load load;
    private @Nullable Process server;

    private Soak(SoakConfig config) {
        this.config = config;
        this.gcPeriodNanos = config.gcEvery().toNanos();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a soak; returns the exit status (see the class comment). */
    public static int run(String... args) {
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.print(SoakConfig.usage());
            return 0;
        }
        SoakConfig config;
        try {
            config = SoakConfig.parse(args);
        } catch (SoakConfig.UsageException e) {
            System.err.println("soak: " + e.getMessage());
            return 2;
        }
        Soak soak = new Soak(config);
        try {
            return soak.execute();
        } catch (Exception e) {
            System.err.println("soak: FAILED: " + e);
            e.printStackTrace();
            return 1;
        } finally {
            Process p = soak.server;
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private int execute() throws Exception {
        Files.createDirectories(config.out());
        long need = config.idle() + config.rrConnections() + config.churnWorkers() + 256L;
        long limit = openFilesLimit();
        if (limit < need) {
            System.err.printf(Locale.ROOT, "soak: %d idle connections need about %d descriptors on each side;"
                    + " this process may open %d (raise `ulimit -n`, or lower --idle)%n", config.idle(), need, limit);
            return 2;
        }
        InetSocketAddress address = startServer();
        Process p = server;
        Load l = new Load(address);
        load = l;
        Bounds.Figures baseline;
        double loadStart;
        double clientsLeft;
        int idleFailed;
        int idleOpened;
        try (ServerProbe probe = ServerProbe.attach(p.pid())) {
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "soak-sampler");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(() -> tick(probe), 0, 1, TimeUnit.SECONDS);
            try {
                // 1. One warm-up round, then every client leaves: what the server keeps from it is its baseline.
                enter("warmup", config.gcEvery());
                long warmupEnd = System.nanoTime() + config.warmup().toNanos();
                l.startTraffic(config.churnRate(), config.churnWorkers(), config.rrRate(), config.rrConnections());
                l.openIdle(config.idle());
                sleep(Duration.ofNanos(Math.max(0, warmupEnd - System.nanoTime())));      // the ramp included
                l.stopTraffic();
                l.closeIdle();
                enter("settle", SETTLE_GC);
                sleep(config.settle());
                // A loaded machine may still be closing the warm-up's connections: wait (bounded) until
                // the last samples agree on descriptors and threads.
                long settleDeadline = System.nanoTime() + MAX_EXTRA_SETTLE.toNanos();
                while (!Bounds.steady(Bounds.last(Bounds.phase(copy(), "settle"), Bounds.BASELINE_SAMPLES))
                        && System.nanoTime() < settleDeadline) {
                    sleep(Duration.ofSeconds(1));
                }
                baseline = Bounds.median(Bounds.last(Bounds.phase(copy(), "settle"), Bounds.BASELINE_SAMPLES));
                System.out.println("soak: baseline " + baseline);
                report("threads at the baseline", probe.threadNames());
                report("descriptors at the baseline", probe.descriptorTargets());
                // 2. The load: idle connections opened while the traffic runs, then held.
                enter("ramp", config.gcEvery());
                l.startTraffic(config.churnRate(), config.churnWorkers(), config.rrRate(), config.rrConnections());
                idleOpened = l.openIdle(config.idle());
                enter("load", config.gcEvery());
                loadStart = now();
                sleep(config.duration());
                // 3. The clients leave, after checking every idle connection is still served.
                enter("drain", config.gcEvery());
                idleFailed = l.verifyIdle();
                l.stopTraffic();
                l.closeIdle();
                clientsLeft = now();
                enter("recovery", SETTLE_GC);
                Bounds.Figures back = Bounds.recoveryLimit(baseline);
                long left = System.nanoTime();
                long deadline = left + config.recovery().toNanos();
                // Sampled for a third of --recovery at least (30 s at most), so the curves show the figures
                // staying back, not only touching the limit once; the verdict takes the first sample within it.
                long tail = left + Math.min(config.recovery().toNanos() / 3, Duration.ofSeconds(30).toNanos());
                while (System.nanoTime() < deadline && (System.nanoTime() < tail
                        || Bounds.firstWithin(Bounds.phase(copy(), "recovery"), back) == null)) {
                    sleep(Duration.ofSeconds(1));
                }
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(30, TimeUnit.SECONDS);
            }
            report("threads at the end", probe.threadNames());
            report("descriptors at the end", probe.descriptorTargets());
        } finally {
            l.close();
        }
        p.destroy();                                    // SIGTERM: the sample closes gracefully and exits 0
        boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        int exit = exited ? p.exitValue() : -1;
        List<Sample> all = copy();
        writeCsv(all);
        Verdict v = Verdict.judge(config, all, baseline, loadStart, clientsLeft, l, idleOpened, idleFailed, exit,
                probeErrors);
        String summary = v.summary(config);
        Files.writeString(config.out().resolve("soak-summary.txt"), summary, StandardCharsets.UTF_8);
        System.out.print(summary);
        Chart.write(all, v, config.out().resolve("soak.png"));
        return v.violations().isEmpty() ? 0 : 1;
    }

    private void tick(ServerProbe probe) {
        try {
            long t = System.nanoTime();
            if (t - lastGc >= gcPeriodNanos) {
                ServerProbe.LiveHeap live = probe.liveHeapAfterFullGc();
                liveMiB = live.bytes() / MIB;
                fullGcMs = live.gcMillis();
                lastGc = t;
            }
            ServerProbe.Reading r = probe.read();
            Load l = load;
            Sample s = new Sample(now(), phase, r.rssBytes() / MIB, r.heapUsed() / MIB,
                    r.heapAfterGc() < 0 ? Double.NaN : r.heapAfterGc() / MIB, liveMiB, r.fds(), r.threads(),
                    r.gcJitThreads(), l == null ? 0 : l.idleCount(), l == null ? 0 : l.churnOps.get(),
                    l == null ? 0 : l.rrOps.get(),
                    l == null ? 0 : l.errors.get(), fullGcMs);
            samples.add(s);
            if (samples.size() % 10 == 0) {
                System.out.printf(Locale.ROOT, "soak: t=%4.0fs %-8s rss=%.0fMiB live=%.0fMiB fds=%d threads=%d"
                        + " idle=%d churn=%d rr=%d errors=%d%n", s.t(), s.phase(), s.rssMiB(), s.liveHeapMiB(),
                        s.fds(), s.threads(), s.idle(), s.churnOps(), s.rrOps(), s.errors());
            }
        } catch (Exception e) {
            if (probeErrors.size() < 10) {
                probeErrors.add(phase + ": " + e);
            }
        }
    }

    private void enter(String next, Duration gcEvery) {
        phase = next;
        gcPeriodNanos = gcEvery.toNanos();
        System.out.printf(Locale.ROOT, "soak: t=%4.0fs -> %s%n", now(), next);
    }

    private double now() {
        return (System.nanoTime() - start) / 1e9;
    }

    private List<Sample> copy() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    /** Waits out a phase (elapsed time, not an event); fails at once if the server died meanwhile. */
    private void sleep(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        Process p = server;
        while (System.nanoTime() < end) {
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException("the server exited with " + p.exitValue() + " during " + phase
                        + " (see " + config.out().resolve("server.log") + ")");
            }
            Thread.sleep(Math.max(1, Math.min(500, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    private InetSocketAddress startServer() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(config.serverJvm());
        cmd.addAll(List.of("-jar", config.jar().toString(), "echo-server", "--port", "0", "--host", "127.0.0.1"));
        cmd.addAll(config.serverArgs());
        System.out.println("soak: server: " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        server = p;
        // Ctrl-C on the soak runs shutdown hooks, not finally blocks: the server must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "soak-server-reaper"));
        CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
        Path log = config.out().resolve("server.log");
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    w.write(line + "\n");
                    w.flush();
                    if (line.startsWith("listening on ")) {
                        String where = line.substring("listening on ".length());
                        int colon = where.lastIndexOf(':');
                        listening.complete(new InetSocketAddress(where.substring(0, colon),
                                Integer.parseInt(where.substring(colon + 1))));
                    }
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("the server ended before listening (see "
                    + log + ")"));
        }, "soak-server-output");
        pump.setDaemon(true);
        pump.start();
        return listening.get(60, TimeUnit.SECONDS);
    }

    private static long openFilesLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }

    private void report(String what, List<String> names) throws IOException {
        Path file = config.out().resolve("server-" + what.replace(' ', '-') + ".txt");
        List<String> counted = new ArrayList<>();
        names.stream().distinct().forEach(n -> counted.add(Collections.frequency(names, n) + " " + n));
        Files.write(file, counted, StandardCharsets.UTF_8);
    }

    private void writeCsv(List<Sample> all) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(config.out().resolve("soak.csv"),
                StandardCharsets.UTF_8))) {
            w.println(Sample.HEADER);
            for (Sample s : all) {
                w.println(s.csv());
            }
        }
    }
}
