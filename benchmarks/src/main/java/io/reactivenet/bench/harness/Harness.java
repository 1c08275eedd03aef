package io.reactivenet.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end echo harness: runs the same load against reactive-net, raw Reactor Netty (on its
 * default loops, and on as many loops as ours), Vert.x {@code NetServer}, Node's {@code net} and a C
 * epoll echo (the ceiling), side by side in one run, and writes {@code results.json},
 * {@code results.md} and PNG charts of the ratios.
 *
 * <p>Each server kind runs in its own process pinned to core 0 ({@code taskset -c 0}); the load
 * generator (native, {@code benchmarks/loadgen/loadgen.c}; {@link LoadGen} with
 * {@code --loadgen java}) runs in another, pinned to core 1, when the machine has two cores or more.
 * Runs are interleaved (every server once per scenario per round, the order rotating from round to
 * round); the report's ratios compare the best run of each server (best of the rounds), and keep
 * medians with min and max beside them. JVM servers and Node are warmed up first with every
 * scenario. Memory per idle connection is measured on a fresh process of each kind.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.reactivenet.bench.harness.Harness [--out dir]
 * [--rounds n] [--measure-ms ms] [--warm-ms ms] [--warmup-ms ms] [--idle n] [--servers a,b]
 * [--scenarios a,b] [--node-script path] [--native-dir dir] [--loadgen native|java]
 * [--transport auto|nio|epoll|io_uring] [--tls] [--tls-provider jdk|openssl] [--budget-s s] [--jfr kind=file]
 * [--profile kind=file.html] [--profile-event cpu|alloc|wall|lock]} ({@link Profiling}: JFR, or async-profiler's flame graph, of a JVM server kind);
 * {@code --quick} is a short smoke run. {@code --transport} is the transport of our server.
 * The TLS scenarios ({@code tls-*}) run with {@code --tls} (then by default against the servers that
 * have a TLS echo, without the memory scenario, into {@code benchmarks/results/tls-<provider>}) or
 * when {@code --scenarios} names them; they run over a self-signed RSA 2048 certificate made at start with
 * the {@code openssl} command ({@link TlsCert}) on the provider {@code --tls-provider} names (JDK
 * unless given), against the servers that have a TLS echo: ours, both Reactor Netty kinds
 * ({@code secure()}) and Node ({@code tls}). The native tools must be
 * built in {@code --native-dir} ({@code run.sh} does it; {@link NativeTools}). Every wait has a
 * deadline and every child process is ended in a {@code finally}.
 */
public final class Harness {

    /** The servers run by default. */
    static final List<String> ALL_SERVERS = List.of("native", "reactive-net", "reactor-netty", "reactor-netty-matched",
            "vertx", "node");
    /** The servers of a {@code --tls} run: those with a TLS echo. */
    static final List<String> TLS_SERVERS = List.of("reactive-net", "reactor-netty", "reactor-netty-matched", "node");
    /** Every kind, for the report's column order ({@code reactive-net-epoll} only on request). */
    static final List<String> KNOWN_SERVERS = List.of("reactive-net", "reactive-net-epoll", "reactive-net-metrics",
            "reactor-netty",
            "reactor-netty-matched", "vertx", "node", "native");

    /** One load scenario: the load generator command and what it reports. */
    record Scenario(String id, String title, String command, int conns, int size, boolean latency, String unit) {
        boolean lines() {
            return command.equals("lines");
        }

        /** Over TLS: the servers' TLS stream echo (ours, Reactor Netty {@code secure()}, Node {@code tls}). */
        boolean tls() {
            return id.startsWith("tls-");
        }

        /** Over a Unix domain socket (ours vs Node only). */
        boolean uds() {
            return id.startsWith("uds-");
        }

        /** The scenario's figure of merit in a result: MB/s or operations per second. */
        String metric() {
            return unit.equals("MB/s") ? "mbps" : "opsPerSec";
        }

        /** Where the load goes on this server: a port, a socket path, or null if it has no such echo. */
        @org.jspecify.annotations.Nullable String target(Server s) {
            if (uds()) {
                return s.udsPath.equals("-") ? null : s.udsPath;
            }
            if (tls()) {
                return s.tlsPort < 0 ? null : "tls:" + s.tlsPort;
            }
            int port = lines() ? s.linesPort : s.streamPort;
            return port < 0 ? null : Integer.toString(port);
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("stream-64k-x16", "stream echo, 64 KiB writes x 16 conns", "stream", 16, 64 * 1024, false, "MB/s"),
            new Scenario("stream-128-x64", "stream echo, 128 B messages x 64 conns, pipelined", "stream", 64, 128, false, "MB/s"),
            new Scenario("rr-64-x1", "request/response 64 B x 1 conn", "rr", 1, 64, true, "req/s"),
            new Scenario("rr-64-x100", "request/response 64 B x 100 conns", "rr", 100, 64, true, "req/s"),
            new Scenario("connect-x8", "connect+echo 64 B+close, 8 at a time", "connect", 8, 64, false, "conn/s"),
            new Scenario("lines-128-x16", "line echo, 128 B lines x 16 conns", "lines", 16, 128, false, "MB/s"),
            new Scenario("lines-64k-x16", "line echo, 64 KiB lines x 16 conns", "lines", 16, 64 * 1024, false, "MB/s"),
            new Scenario("uds-stream-64k-x16", "Unix socket stream echo, 64 KiB writes x 16 conns", "stream", 16, 64 * 1024,
                    false, "MB/s"),
            new Scenario("uds-rr-64-x100", "Unix socket request/response 64 B x 100 conns", "rr", 100, 64, true, "req/s"),
            new Scenario("tls-stream-64k-x16", "TLS stream echo, 64 KiB writes x 16 conns", "stream", 16, 64 * 1024, false,
                    "MB/s"),
            new Scenario("tls-handshake-x8", "TLS connect+handshake+echo 64 B+close, 8 at a time", "connect", 8, 64, false,
                    "handshakes/s"));

    private Harness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        boolean quick = opt.containsKey("quick");
        // --tls: the TLS run (its scenarios, the servers that have a TLS echo, no memory scenario)
        boolean tlsRun = opt.containsKey("tls");
        String tlsProvider = opt.getOrDefault("tls-provider", "jdk");
        Path out = Path.of(opt.getOrDefault("out", tlsRun ? "benchmarks/results/tls-" + tlsProvider : "benchmarks/results"));
        Path logs = Path.of(opt.getOrDefault("logs", "benchmarks/target/harness-logs"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", quick ? "2" : "3"));
        long warmMs = Long.parseLong(opt.getOrDefault("warm-ms", quick ? "100" : "500"));
        long measureMs = Long.parseLong(opt.getOrDefault("measure-ms", quick ? "500" : "2000"));
        long warmupMs = Long.parseLong(opt.getOrDefault("warmup-ms", quick ? "300" : "4000"));
        int idleCount = Integer.parseInt(opt.getOrDefault("idle", tlsRun ? "0" : quick ? "1000" : "5000"));
        long budgetNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(opt.getOrDefault("budget-s", "720")));
        String defaultServers = String.join(",", tlsRun ? TLS_SERVERS : ALL_SERVERS);
        List<String> servers = List.of(opt.getOrDefault("servers", defaultServers).split(","));
        List<String> scenarioIds = opt.containsKey("scenarios")
                ? List.of(opt.get("scenarios").split(","))
                : SCENARIOS.stream().filter(sc -> sc.tls() == tlsRun).map(Scenario::id).toList();
        List<Scenario> scenarios = SCENARIOS.stream().filter(s -> scenarioIds.contains(s.id())).toList();
        String jar = opt.getOrDefault("jar", System.getProperty("java.class.path"));
        String nodeScript = opt.getOrDefault("node-script", "benchmarks/node/echo.js");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path nativeDir = Path.of(opt.getOrDefault("native-dir", NativeTools.DEFAULT_OUT.toString()));
        boolean nativeGen = !opt.getOrDefault("loadgen", "native").equals("java");
        if (nativeGen || servers.contains("native")) {
            NativeTools.build(NativeTools.DEFAULT_SRC, nativeDir);
        }
        String transport = opt.getOrDefault("transport", "auto");
        // The TLS scenarios' throwaway certificate, made now (never committed), removed at the end.
        TlsCert tls = null;
        if (scenarios.stream().anyMatch(Scenario::tls) && (!nativeGen || !NativeTools.loadgenHasTls(nativeDir))) {
            log("the load generator speaks no TLS (%s): the TLS scenarios are left out",
                    nativeGen ? "built without OpenSSL: install libssl-dev" : "--loadgen java");
            scenarios = scenarios.stream().filter(sc -> !sc.tls()).toList();
        }
        if (scenarios.stream().anyMatch(Scenario::tls)) {
            tls = TlsCert.create(tlsProvider);
            if (tls == null) {
                log("no openssl command: the TLS scenarios are left out");
                scenarios = scenarios.stream().filter(sc -> !sc.tls()).toList();
            }
        }
        Map<String, List<String>> profiling = Profiling.jvmOptions(opt, Path.of("benchmarks/target"));

        int cores = Runtime.getRuntime().availableProcessors();
        boolean pin = cores >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset"));
        List<String> serverPin = pin ? List.of("taskset", "-c", "0") : List.of();
        List<String> loadPin = pin ? List.of("taskset", "-c", "1") : List.of();
        Server.Launch launch = new Server.Launch(java, jar, nodeScript, nativeDir, serverPin, logs, transport, tls);

        Results results = new Results();
        results.machine.putAll(Machine.describe(cores, pin));
        results.settings.put("rounds", rounds);
        results.settings.put("warmMsPerRun", warmMs);
        results.settings.put("measureMsPerRun", measureMs);
        results.settings.put("warmupMsPerScenario", warmupMs);
        results.settings.put("idleConnections", idleCount);
        results.settings.put("serverJvmOptions", String.join(" ", jvmOptions()));
        results.settings.put("servers", String.join(",", servers));
        results.settings.put("commit", opt.getOrDefault("commit", ""));
        results.settings.put("loadGenerator", nativeGen ? "native (benchmarks/loadgen/loadgen.c)" : "java (LoadGen)");
        results.settings.put("oursTransport", transport);
        if (tls != null) {
            results.settings.put("tls", tls.describe());
        }
        long started = System.nanoTime();
        Instant startedAt = Instant.now();

        List<AutoCloseable> procs = new ArrayList<>();
        try {
            Generator load = Generator.start(nativeGen, nativeDir, java, jar, loadPin, logs);
            procs.add(load);
            Map<String, Server> running = new LinkedHashMap<>();
            for (String kind : servers) {
                Server s = Server.start(kind, launch, profiling.getOrDefault(kind, List.of()));
                procs.add(s.proc);
                running.put(kind, s);
                log("started %s pid=%d stream=%d lines=%d uds=%s loops=%d transport=%s", kind, s.proc.pid(),
                        s.streamPort, s.linesPort, s.udsPath, s.loops, s.transport);
                results.loops.put(kind, s.loops);
                results.transports.put(kind, s.transport);
            }

            log("warm-up: %d ms per scenario per server", warmupMs);
            for (Server s : running.values()) {
                for (Scenario sc : scenarios) {
                    if (sc.target(s) == null || s.kind.equals("native")) {
                        continue;
                    }
                    runOne(load, s, sc, 0, warmupMs);
                }
            }

            List<Server> order = new ArrayList<>(running.values());
            long perRound = (long) scenarios.size() * order.size() * (warmMs + measureMs + 150) * 1_000_000L;
            for (int round = 0; round < rounds; round++) {
                long elapsed = System.nanoTime() - started;
                // leave room for the memory scenario (about 10 s per server)
                if (round > 0 && elapsed + perRound + order.size() * 10_000_000_000L > budgetNanos) {
                    log("time budget reached: stopping after %d rounds", round);
                    break;
                }
                for (Scenario sc : scenarios) {
                    for (int i = 0; i < order.size(); i++) {
                        Server s = order.get((i + round) % order.size());
                        if (sc.target(s) == null) {
                            continue;
                        }
                        Map<String, Double> r = runOne(load, s, sc, warmMs, measureMs);
                        results.add(sc.id(), s.kind, r);
                        log("round %d %-18s %-22s %s", round + 1, sc.id(), s.kind, brief(sc, r));
                    }
                }
                results.settings.put("roundsDone", round + 1);
            }
            for (Server s : running.values()) {
                s.proc.close();
            }

            if (idleCount > 0) {
                for (String kind : servers) {
                    Map<String, Double> m = idleMemory(load, kind, launch, idleCount);
                    results.add("idle-memory", kind, m);
                    log("idle memory %-22s %.2f KiB/conn (RSS), heap %.2f KiB/conn", kind,
                            m.get("kibPerConn"), m.getOrDefault("heapKibPerConn", -1.0));
                }
            }
        } finally {
            for (AutoCloseable p : procs) {
                p.close();
            }
            if (tls != null) {
                tls.close();
            }
        }
        results.settings.put("startedAt", startedAt.toString());
        results.settings.put("seconds", Math.round((System.nanoTime() - started) / 1e9));
        results.machine.put("loadAvgEnd", Machine.loadAvg());
        Files.createDirectories(out);
        Report.write(results, scenarios, out);
        log("wrote %s (%d s)", out.toAbsolutePath(), Math.round((System.nanoTime() - started) / 1e9));
    }

    static List<String> jvmOptions() {
        return List.of("-Xms64m", "-Xmx1g");
    }

    static Map<String, Double> runOne(Generator load, Server s, Scenario sc, long warmMs, long measureMs)
            throws IOException, InterruptedException {
        String port = Objects.requireNonNull(sc.target(s));
        load.send(String.join(" ", sc.command(), port, Integer.toString(sc.conns()),
                Integer.toString(sc.size()), Long.toString(warmMs), Long.toString(measureMs)));
        // the server's CPU is sampled over the measured part only (the load generator's clock
        // starts a few milliseconds earlier, after connecting: close enough for a share of a core)
        Thread.sleep(warmMs);
        double cpu0 = s.proc.cpuSeconds();
        long t0 = System.nanoTime();
        Map<String, Double> r = load.result(Duration.ofMillis(warmMs + measureMs + 30_000));
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu1 = s.proc.cpuSeconds();
        if (cpu0 >= 0 && cpu1 > cpu0 && wall > 0) {
            double share = (cpu1 - cpu0) / wall;
            r.put("serverCpu", share);
            double primary = r.getOrDefault(sc.metric(), 0.0);
            // throughput per second of server CPU: the fairer figure on a shared machine, where a
            // server may get less than its core
            r.put("perServerCpuSecond", primary / share);
        }
        return r;
    }

    static Map<String, Double> idleMemory(Generator load, String kind, Server.Launch launch, int count)
            throws IOException, InterruptedException {
        Server s = Server.start(kind, launch, List.of());
        try {
            // one short echo so the echo path (classes, pools) exists before the baseline
            load.send("stream " + s.streamPort + " 4 1024 0 200");
            load.result(Duration.ofSeconds(30));
            double heapBefore = heap(s);
            Thread.sleep(300);
            long rssBefore = s.proc.rssKib();
            load.send("idle " + s.streamPort + " " + count + " 2500");
            double n = load.held(Duration.ofSeconds(90));
            Thread.sleep(1000);
            long rssAfter = s.proc.rssKib();
            double heapAfter = heap(s);
            Map<String, Double> r = load.result(Duration.ofSeconds(30));
            r.put("rssBeforeKib", (double) rssBefore);
            r.put("rssAfterKib", (double) rssAfter);
            r.put("kibPerConn", n == 0 ? 0.0 : (rssAfter - rssBefore) / n);
            if (heapBefore >= 0 && heapAfter >= 0) {
                r.put("heapKibPerConn", n == 0 ? 0.0 : (heapAfter - heapBefore) / 1024.0 / n);
            }
            return r;
        } finally {
            s.proc.close();
        }
    }

    private static double heap(Server s) throws IOException, InterruptedException {
        s.proc.send("gc");
        String line = s.proc.expect("HEAP", Duration.ofSeconds(30));
        return Double.parseDouble(line.substring(5).trim());
    }

    private static final java.util.regex.Pattern JSON_NUMBER =
            java.util.regex.Pattern.compile("\"(\\w+)\":(-?[0-9][0-9.eE+-]*)");

    /** The numbers of a result line: {@code k=v} pairs (Java generator) or a flat JSON object (native). */
    static Map<String, Double> numbers(String line) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (line.startsWith("{")) {
            java.util.regex.Matcher x = JSON_NUMBER.matcher(line);
            while (x.find()) {
                m.put(x.group(1), Double.parseDouble(x.group(2)));
            }
            return m;
        }
        for (String part : line.split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                try {
                    m.put(part.substring(0, eq), Double.parseDouble(part.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // not a number: not a figure
                }
            }
        }
        return m;
    }

    private static String brief(Scenario sc, Map<String, Double> r) {
        String main = sc.metric().equals("mbps")
                ? String.format(java.util.Locale.ROOT, "%.1f MB/s", r.getOrDefault("mbps", 0.0))
                : String.format(java.util.Locale.ROOT, "%.0f %s", r.getOrDefault("opsPerSec", 0.0), sc.unit());
        if (sc.latency()) {
            main += String.format(java.util.Locale.ROOT, " p50=%.0fus p99=%.0fus p99.9=%.0fus",
                    r.getOrDefault("p50us", 0.0), r.getOrDefault("p99us", 0.0), r.getOrDefault("p999us", 0.0));
        }
        return main + String.format(java.util.Locale.ROOT, " srvCpu=%.2f cliCpu=%.2f err=%.0f corrupt=%.0f unechoed=%.0f",
                r.getOrDefault("serverCpu", -1.0), r.getOrDefault("clientCpu", -1.0), r.getOrDefault("errors", 0.0),
                r.getOrDefault("corrupt", 0.0), r.getOrDefault("unechoed", 0.0));
    }

    static void log(String format, Object... args) {
        System.out.printf(java.util.Locale.ROOT, "[harness] " + format + "%n", args);
        System.out.flush();
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String key = a.substring(2);
            if (key.equals("quick") || key.equals("tls")) {
                m.put(key, "true");
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                m.put(key, args[++i]);
            }
        }
        return m;
    }
}
