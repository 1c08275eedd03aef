package io.reactivenet.samples.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one soak run does: how many idle connections, how much churn and request/response traffic,
 * for how long, and which server on which JVM settings. Every field has the full run's default;
 * {@code SoakIT} shrinks the counts and times, never the bounds.
 *
 * @param jar the samples jar whose server is soaked
 * @param serverJvm the server's JVM options (the echo server's documented settings by default)
 * @param serverArgs extra arguments of {@code echo-server} (e.g. {@code --transport epoll})
 * @param out the directory for {@code soak.csv}, {@code soak.png} and {@code soak-summary.txt}
 * @param idle concurrent idle connections held through the load phase
 * @param duration the load phase: idle connections held, churn and request/response running
 * @param warmup the first round (the same idle connections and traffic as the load, opening them
 *     included) before the baseline
 * @param settle quiet time after the first round; the baseline is the median of its last samples
 * @param loadWarmup how long into the load phase (after the idle connections are open) the
 *     reference for the growth bounds is taken
 * @param recovery the longest wait, after the clients leave, for every figure to come back
 * @param churnRate connect/echo/close cycles per second (all churn workers together)
 * @param churnWorkers threads doing churn, each one connection at a time
 * @param rrRate requests per second over the request/response connections together
 * @param rrConnections persistent request/response connections, one thread each
 * @param gcEvery how often the sampler forces a full GC in the server to read its live heap
 */
record SoakConfig(Path jar, List<String> serverJvm, List<String> serverArgs, Path out, int idle,
        Duration duration, Duration warmup, Duration settle, Duration loadWarmup, Duration recovery,
        int churnRate, int churnWorkers, int rrRate, int rrConnections, Duration gcEvery) {

    /**
     * The echo server's JVM settings for the soak: a bounded heap, G1 (the default collector, named
     * so the figures do not change with the machine's ergonomics), G1 giving unused heap back to the
     * OS after a periodic collection when the server is idle, and the native heap trimmed every 5 s
     * ({@code malloc_trim}; a product flag of the OpenJDK 17.0.15 here, backported from later JDKs;
     * a JVM without it refuses to start): without it, glibc keeps native memory freed
     * during the load, and RSS stayed 11-17 MiB above the baseline once the clients had left.
     */
    static final String DEFAULT_SERVER_JVM =
            "-Xms64m -Xmx512m -XX:+UseG1GC -XX:G1PeriodicGCInterval=15000 -XX:TrimNativeHeapInterval=5000";

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("jar", "samples/target/reactive-net-samples.jar");
        DEFAULTS.put("server-jvm", DEFAULT_SERVER_JVM);
        DEFAULTS.put("server-args", "");
        DEFAULTS.put("out", "benchmarks/results/soak");
        DEFAULTS.put("idle", "10000");
        DEFAULTS.put("duration", "10m");
        DEFAULTS.put("warmup", "30s");
        DEFAULTS.put("settle", "15s");
        DEFAULTS.put("load-warmup", "60s");
        DEFAULTS.put("recovery", "90s");
        DEFAULTS.put("churn", "100");
        DEFAULTS.put("churn-workers", "2");
        DEFAULTS.put("rr", "1000");
        DEFAULTS.put("rr-connections", "16");
        DEFAULTS.put("gc-every", "5s");
    }

    /** Thrown for a bad command line; the message says which option and why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: benchmarks/soak.sh [options]   (or java -cp <samples jar> "
                + Soak.class.getName() + " [options])\n");
        DEFAULTS.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  --%-15s default %s%n", k,
                v.isEmpty() ? "(none)" : v)));
        return b.toString();
    }

    static SoakConfig parse(String... args) throws UsageException {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !DEFAULTS.containsKey(a.substring(2))) {
                throw new UsageException("unknown option " + a + "\n" + usage());
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option " + a + " needs a value");
            }
            v.put(a.substring(2), args[++i]);
        }
        SoakConfig c = new SoakConfig(Path.of(v.get("jar")), words(v.get("server-jvm")), words(v.get("server-args")),
                Path.of(v.get("out")), integer(v, "idle", 0), duration(v, "duration"), duration(v, "warmup"),
                duration(v, "settle"), duration(v, "load-warmup"), duration(v, "recovery"),
                integer(v, "churn", 0), integer(v, "churn-workers", 1), integer(v, "rr", 0),
                integer(v, "rr-connections", 1), duration(v, "gc-every"));
        if (c.loadWarmup().compareTo(c.duration()) >= 0) {
            throw new UsageException("--load-warmup " + v.get("load-warmup") + " must be shorter than --duration "
                    + v.get("duration") + " (the bounds are checked after it)");
        }
        if (c.settle().getSeconds() < 3) {
            throw new UsageException("--settle " + v.get("settle") + " must be at least 3s (the baseline is a median)");
        }
        return c;
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : new ArrayList<>(Arrays.asList(s.trim().split("\\s+")));
    }

    private static int integer(Map<String, String> v, String name, int min) throws UsageException {
        try {
            int n = Integer.parseInt(v.get(name).replace("_", ""));
            if (n < min) {
                throw new UsageException("--" + name + " must be at least " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " is not a number: " + v.get(name));
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}. */
    static Duration duration(Map<String, String> v, String name) throws UsageException {
        String s = v.get(name).trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (s.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            } else if (s.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            } else if (s.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            } else if (s.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            } else {
                throw new NumberFormatException(s);
            }
            if (d.isNegative() || d.isZero()) {
                throw new UsageException("--" + name + " must be positive, got " + v.get(name));
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " is not a duration (500ms, 30s, 10m, 1h): " + v.get(name));
        }
    }
}
