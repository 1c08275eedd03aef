package io.reactivenet.bench.harness;

import io.reactivenet.bench.harness.Harness.Scenario;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns a run's {@link Results} into {@code results.json} (every figure of every run, plus best,
 * medians and ratios), {@code results.md} ({@link Markdown}: the tables, the verdict on each
 * scenario and the {@link Targets}) and three PNG charts: {@code throughput-ratios.png},
 * {@code latency-ratios.png} and {@code efficiency-ratios.png}.
 *
 * <p>Ratios are ours / baseline. The headline ratios compare the best run of each server in the
 * same interleaved run (best of N, {@link Results#best}); ratios of medians are kept beside them.
 */
final class Report {

    static final String OURS = "reactive-net";
    static final String RN = "reactor-netty";
    static final String RN_MATCHED = "reactor-netty-matched";
    static final String VERTX = "vertx";
    static final String NODE = "node";
    static final String NATIVE = "native";
    /** What ours is compared with, in column order. */
    static final List<String> BASELINES = List.of(RN, RN_MATCHED, VERTX, NODE, NATIVE);
    /**
     * How far above the best JVM server the native ceiling must be for a scenario to measure the
     * servers: closer than this, the generator (or the kernel) is the limit for everyone.
     */
    static final double CEILING_MARGIN = 1.15;

    private Report() {
    }

    static void write(Results r, List<Scenario> scenarios, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.writeString(dir.resolve("results.json"), json(r, scenarios));
        Files.writeString(dir.resolve("results.md"), Markdown.of(r, scenarios));
        charts(r, scenarios, dir);
    }

    static String metric(Scenario sc) {
        return sc.metric();
    }

    static String label(Results r, String server) {
        Integer loops = r.loops.get(server);
        String t = r.transports.get(server);
        String l = loops == null ? "" : loops + (loops == 1 ? " loop" : " loops");
        if (t != null) {
            l = l.isEmpty() ? t : l + ", " + t;
        }
        l = l.isEmpty() ? "" : " (" + l + ")";
        return switch (server) {
            case RN -> "Reactor Netty default" + l;
            case RN_MATCHED -> "Reactor Netty" + l;
            case VERTX -> "Vert.x NetServer" + l;
            case NODE -> "Node net (tls for tls-*)";
            case NATIVE -> "C epoll echo (ceiling)";
            default -> server + l;
        };
    }

    /** Short column title of a ratio: ours / this baseline. */
    static String ratioTitle(String other) {
        return switch (other) {
            case RN -> "ours / RN default";
            case RN_MATCHED -> "ours / RN same loops";
            case VERTX -> "ours / Vert.x";
            case NODE -> "ours / Node";
            case NATIVE -> "ours / C echo";
            default -> "ours / " + other;
        };
    }

    /** ours / other for the median of {@code key}; NaN if either is missing. */
    static double ratio(Results r, String scenario, String other, String key) {
        return r.median(scenario, OURS, key) / r.median(scenario, other, key);
    }

    /** ours / other for the best run of each (best of N); NaN if either is missing. */
    static double bestRatio(Results r, String scenario, String other, String key) {
        return r.best(scenario, OURS, key) / r.best(scenario, other, key);
    }

    /** What a scenario measured, judged by the native ceiling against the best JVM server. */
    enum Verdict {
        /** The C echo is clearly above every JVM server: the scenario tells servers apart. */
        SERVERS,
        /** The C echo is not clearly above some JVM server: the generator (or kernel) is the limit. */
        GENERATOR,
        /** No C echo (or no JVM server) in this run: nobody can tell. */
        UNKNOWN
    }

    static Verdict verdict(Results r, Scenario sc) {
        double ceiling = r.best(sc.id(), NATIVE, sc.metric());
        double jvm = Double.NaN;
        for (String s : r.runs.getOrDefault(sc.id(), Map.of()).keySet()) {
            if (Server.jvm(s)) {
                double b = r.best(sc.id(), s, sc.metric());
                jvm = Double.isNaN(jvm) || b > jvm ? b : jvm;
            }
        }
        if (!Double.isFinite(ceiling) || !Double.isFinite(jvm)) {
            return Verdict.UNKNOWN;
        }
        return ceiling >= CEILING_MARGIN * jvm ? Verdict.SERVERS : Verdict.GENERATOR;
    }

    /** Servers that ran in this run, in the report's column order. */
    static List<String> servers(Results r) {
        List<String> servers = new ArrayList<>();
        for (String s : Harness.KNOWN_SERVERS) {
            if (r.runs.values().stream().anyMatch(x -> x.containsKey(s))) {
                servers.add(s);
            }
        }
        return servers;
    }

    /** One target of issue 8 or 13: a best-of-N ratio (or a figure) against its limit. */
    record Target(String issue, String what, double measured, double limit, boolean atLeast, String unit) {
        /** A target on a ratio (ours / other). */
        Target(String issue, String what, double measured, double limit, boolean atLeast) {
            this(issue, what, measured, limit, atLeast, "×");
        }

        /** The measured figure as the report prints it: a ratio, or a figure with its unit. */
        String shown() {
            if (!Double.isFinite(measured)) {
                return "–";
            }
            return unit.equals("×") ? fmtRatio(measured) : fmt(measured) + " " + unit;
        }

        boolean met() {
            return Double.isFinite(measured) && (atLeast ? measured >= limit : measured <= limit);
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("issue", issue);
            m.put("target", what);
            m.put("measured", measured);
            m.put("limit", (atLeast ? ">= " : "<= ") + limit);
            m.put("met", met());
            return m;
        }
    }

    /** The targets this run can judge ({@link Targets}). */
    static List<Target> targetList(Results r) {
        return Targets.list(r);
    }

    // ------------------------------------------------------------------ JSON

    static String json(Results r, List<Scenario> scenarios) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", r.machine);
        root.put("settings", r.settings);
        root.put("loops", r.loops);
        root.put("transports", r.transports);
        Map<String, Object> summary = new LinkedHashMap<>();
        List<String> servers = new ArrayList<>();
        r.runs.values().forEach(m -> m.keySet().forEach(s -> {
            if (!servers.contains(s)) {
                servers.add(s);
            }
        }));
        List<String> keysOf = List.of("mbps", "opsPerSec", "p50us", "p99us", "p999us", "serverCpu", "clientCpu",
                "errors", "corrupt", "unechoed", "perServerCpuSecond", "kibPerConn", "heapKibPerConn");
        for (String scenario : r.runs.keySet()) {
            Map<String, Object> perServer = new LinkedHashMap<>();
            for (String server : servers) {
                Map<String, Object> figures = new LinkedHashMap<>();
                for (String key : keysOf) {
                    double med = r.median(scenario, server, key);
                    if (!Double.isNaN(med)) {
                        figures.put(key, Map.of("best", r.best(scenario, server, key), "median", med,
                                "min", r.min(scenario, server, key), "max", r.max(scenario, server, key)));
                    }
                }
                if (!figures.isEmpty()) {
                    perServer.put(server, figures);
                }
            }
            Scenario sc = scenarios.stream().filter(s -> s.id().equals(scenario)).findFirst().orElse(null);
            String key = sc == null ? "kibPerConn" : metric(sc);
            List<String> keys = new ArrayList<>(List.of(key));
            if (sc != null && sc.latency()) {
                keys.addAll(List.of("p50us", "p99us", "p999us"));
            }
            Map<String, Object> ratios = new LinkedHashMap<>();
            Map<String, Object> best = new LinkedHashMap<>();
            for (String other : BASELINES) {
                Map<String, Object> rs = new LinkedHashMap<>();
                Map<String, Object> bs = new LinkedHashMap<>();
                for (String k : keys) {
                    putFinite(rs, k, ratio(r, scenario, other, k));
                    putFinite(bs, k, bestRatio(r, scenario, other, k));
                }
                if (!rs.isEmpty()) {
                    ratios.put(OURS + "/" + other, rs);
                }
                if (!bs.isEmpty()) {
                    best.put(OURS + "/" + other, bs);
                }
            }
            perServer.put("ratios", ratios);
            perServer.put("ratiosBestOfN", best);
            if (sc != null) {
                perServer.put("verdict", verdict(r, sc).name().toLowerCase(Locale.ROOT));
            }
            summary.put(scenario, perServer);
        }
        root.put("summary", summary);
        root.put("targets", targetList(r).stream().map(Target::asMap).toList());
        root.put("runs", r.runs);
        StringBuilder sb = new StringBuilder();
        writeJson(sb, root, 0);
        return sb.append('\n').toString();
    }

    private static void putFinite(Map<String, Object> m, String k, double v) {
        if (Double.isFinite(v)) {
            m.put(k, v);
        }
    }

    private static void writeJson(StringBuilder sb, Object o, int indent) {
        if (o instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
                first = false;
                sb.append(quote(String.valueOf(e.getKey()))).append(": ");
                writeJson(sb, e.getValue(), indent + 1);
            }
            sb.append(first ? "}" : "\n" + "  ".repeat(indent) + "}");
        } else if (o instanceof List<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object e : list) {
                sb.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
                first = false;
                writeJson(sb, e, indent + 1);
            }
            sb.append(first ? "]" : "\n" + "  ".repeat(indent) + "]");
        } else if (o instanceof Double d) {
            sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d).replaceAll("\\.?0+$", "") : "null");
        } else if (o instanceof Number || o instanceof Boolean) {
            sb.append(o);
        } else if (o == null) {
            sb.append("null");
        } else {
            sb.append(quote(o.toString()));
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static String fmt(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmtRatio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f×", v) : "–";
    }

    // ------------------------------------------------------------------ charts

    /** Baselines present in this run. */
    private static List<String> present(Results r) {
        return BASELINES.stream().filter(b -> r.runs.values().stream().anyMatch(x -> x.containsKey(b))).toList();
    }

    static void charts(Results r, List<Scenario> scenarios, Path dir) throws IOException {
        List<Scenario> ran = scenarios.stream().filter(sc -> r.runs.containsKey(sc.id())).toList();
        List<String> cats = new ArrayList<>(ran.stream().map(Scenario::id).toList());
        boolean mem = r.runs.containsKey("idle-memory");
        if (mem) {
            cats.add("idle-mem (inv.)");
        }
        Map<String, List<Double>> series = new LinkedHashMap<>();
        Map<String, List<Double>> eseries = new LinkedHashMap<>();
        for (String o : present(r)) {
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (Scenario sc : ran) {
                ys.add(orZero(bestRatio(r, sc.id(), o, metric(sc))));
                es.add(orZero(bestRatio(r, sc.id(), o, "perServerCpuSecond")));
            }
            if (mem) {
                // memory: lower is better, so the chart shows other / ours to keep "higher is better"
                ys.add(orZero(1.0 / bestRatio(r, "idle-memory", o, "kibPerConn")));
            }
            series.put("reactive-net / " + label(r, o), ys);
            eseries.put("reactive-net / " + label(r, o), es);
        }
        if (series.isEmpty() || cats.isEmpty()) {
            return; // nothing to compare ours with: no chart
        }
        save(chart("Throughput ratio, best of N, reactive-net / other (higher is better)", cats, series),
                dir.resolve("throughput-ratios.png"));
        if (!ran.isEmpty()) {
            save(chart("Throughput per server CPU-second, best of N, reactive-net / other (higher is better)",
                    ran.stream().map(Scenario::id).toList(), eseries), dir.resolve("efficiency-ratios.png"));
        }

        List<String> lcats = new ArrayList<>();
        for (Scenario sc : ran) {
            if (sc.latency()) {
                for (String p : List.of("p50", "p99", "p99.9")) {
                    lcats.add(sc.id() + " " + p);
                }
            }
        }
        Map<String, List<Double>> lseries = new LinkedHashMap<>();
        for (String o : present(r)) {
            List<Double> ys = new ArrayList<>();
            for (Scenario sc : ran) {
                if (sc.latency()) {
                    for (String k : List.of("p50us", "p99us", "p999us")) {
                        ys.add(orZero(bestRatio(r, sc.id(), o, k)));
                    }
                }
            }
            lseries.put("reactive-net / " + label(r, o), ys);
        }
        if (!lcats.isEmpty() && !lseries.isEmpty()) {
            save(chart("Latency ratio, best of N, reactive-net / other (lower is better)", lcats, lseries),
                    dir.resolve("latency-ratios.png"));
        }
    }

    private static double orZero(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }

    private static CategoryChart chart(String title, List<String> cats, Map<String, List<Double>> series) {
        CategoryChart c = new CategoryChartBuilder().width(1400).height(560).title(title)
                .xAxisTitle("scenario").yAxisTitle("ratio").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLabelsVisible(true);
        c.getStyler().setLabelsFontColorAutomaticEnabled(false);
        c.getStyler().setLabelsFontColor(Color.BLACK);
        c.getStyler().setDecimalPattern("0.00");
        c.getStyler().setXAxisLabelRotation(20);
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            c.addSeries(e.getKey(), cats, e.getValue());
        }
        return c;
    }

    private static void save(CategoryChart c, Path file) throws IOException {
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
