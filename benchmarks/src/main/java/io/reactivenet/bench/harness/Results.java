package io.reactivenet.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every figure of one harness run: per scenario, per server, one map of numbers per run. */
final class Results {

    /** Figures where less is better: latency and memory. Everything else (rates, MB/s) is more-is-better. */
    static final Set<String> LOWER_IS_BETTER = Set.of("p50us", "p99us", "p999us", "maxus", "kibPerConn",
            "heapKibPerConn", "serverCpu", "clientCpu", "errors", "corrupt", "unechoed");

    final Map<String, Object> machine = new LinkedHashMap<>();
    final Map<String, Object> settings = new LinkedHashMap<>();
    final Map<String, Integer> loops = new LinkedHashMap<>();
    /** The transport each server ran on, as it reported it (epoll, nio, io_uring, libuv). */
    final Map<String, String> transports = new LinkedHashMap<>();
    final Map<String, Map<String, List<Map<String, Double>>>> runs = new LinkedHashMap<>();

    void add(String scenario, String server, Map<String, Double> figures) {
        runs.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                .computeIfAbsent(server, k -> new ArrayList<>())
                .add(figures);
    }

    List<Double> values(String scenario, String server, String key) {
        List<Double> v = new ArrayList<>();
        for (Map<String, Double> r : runs.getOrDefault(scenario, Map.of()).getOrDefault(server, List.of())) {
            Double d = r.get(key);
            if (d != null) {
                v.add(d);
            }
        }
        v.sort(null);
        return v;
    }

    /** The median over the runs, NaN when there is none. */
    double median(String scenario, String server, String key) {
        List<Double> v = values(scenario, server, key);
        if (v.isEmpty()) {
            return Double.NaN;
        }
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /**
     * The best run (highest rate, lowest latency or memory), NaN when there is none. On a shared
     * machine noise only ever slows a server down, so the best of N runs is the closest to what the
     * server can do; interleaving gives every server the same chances.
     */
    double best(String scenario, String server, String key) {
        return LOWER_IS_BETTER.contains(key) ? min(scenario, server, key) : max(scenario, server, key);
    }

    double min(String scenario, String server, String key) {
        List<Double> v = values(scenario, server, key);
        return v.isEmpty() ? Double.NaN : v.get(0);
    }

    double max(String scenario, String server, String key) {
        List<Double> v = values(scenario, server, key);
        return v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
    }
}
