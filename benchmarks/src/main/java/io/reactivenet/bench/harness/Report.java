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
 * Turns a run's {@link Results} into {@code results.json} (every figure of every run, plus
 * medians and ratios), {@code results.md} (the tables and the targets) and two PNG charts:
 * {@code throughput-ratios.png} and {@code latency-ratios.png}.
 */
final class Report {

    static final String OURS = "reactive-net";
    static final String RN = "reactor-netty";
    static final String RN_MATCHED = "reactor-netty-matched";
    static final String NODE = "node";

    private Report() {
    }

    static void write(Results r, List<Scenario> scenarios, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.writeString(dir.resolve("results.json"), json(r, scenarios));
        Files.writeString(dir.resolve("results.md"), markdown(r, scenarios));
        charts(r, scenarios, dir);
    }

    static String metric(Scenario sc) {
        return sc.unit().equals("MB/s") ? "mbps" : "opsPerSec";
    }

    static String label(Results r, String server) {
        Integer loops = r.loops.get(server);
        String l = loops == null ? "" : " (" + loops + (loops == 1 ? " loop)" : " loops)");
        return switch (server) {
            case RN -> "Reactor Netty default" + l;
            case RN_MATCHED -> "Reactor Netty" + l;
            case NODE -> "Node net";
            case "reactive-net-epoll" -> "reactive-net on epoll" + l;
            default -> server + l;
        };
    }

    /** ours / other for the median of {@code key}; NaN if either is missing. */
    static double ratio(Results r, String scenario, String other, String key) {
        return r.median(scenario, OURS, key) / r.median(scenario, other, key);
    }

    // ------------------------------------------------------------------ JSON

    static String json(Results r, List<Scenario> scenarios) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", r.machine);
        root.put("settings", r.settings);
        root.put("loops", r.loops);
        Map<String, Object> summary = new LinkedHashMap<>();
        List<String> servers = new ArrayList<>();
        r.runs.values().forEach(m -> m.keySet().forEach(s -> {
            if (!servers.contains(s)) {
                servers.add(s);
            }
        }));
        List<String> keysOf = List.of("mbps", "opsPerSec", "p50us", "p99us", "p999us", "serverCpu", "clientCpu",
                "errors", "corrupt", "perServerCpuSecond", "kibPerConn", "heapKibPerConn");
        for (String scenario : r.runs.keySet()) {
            Map<String, Object> perServer = new LinkedHashMap<>();
            for (String server : servers) {
                Map<String, Object> figures = new LinkedHashMap<>();
                for (String key : keysOf) {
                    double med = r.median(scenario, server, key);
                    if (!Double.isNaN(med)) {
                        figures.put(key, Map.of("median", med, "min", r.min(scenario, server, key),
                                "max", r.max(scenario, server, key)));
                    }
                }
                if (!figures.isEmpty()) {
                    perServer.put(server, figures);
                }
            }
            Map<String, Object> ratios = new LinkedHashMap<>();
            Scenario sc = scenarios.stream().filter(s -> s.id().equals(scenario)).findFirst().orElse(null);
            String key = sc == null ? "kibPerConn" : metric(sc);
            for (String other : List.of(RN, RN_MATCHED, NODE)) {
                Map<String, Object> rs = new LinkedHashMap<>();
                putFinite(rs, key, ratio(r, scenario, other, key));
                if (sc != null && sc.latency()) {
                    for (String l : List.of("p50us", "p99us", "p999us")) {
                        putFinite(rs, l, ratio(r, scenario, other, l));
                    }
                }
                if (!rs.isEmpty()) {
                    ratios.put("reactive-net/" + other, rs);
                }
            }
            perServer.put("ratios", ratios);
            summary.put(scenario, perServer);
        }
        root.put("summary", summary);
        root.put("targets", targets(r));
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

    // ------------------------------------------------------------------ targets

    /** One target of issue 8: what was measured against what it must be. */
    record Target(String what, double measured, double limit, boolean atLeast) {
        boolean met() {
            return Double.isFinite(measured) && (atLeast ? measured >= limit : measured <= limit);
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", what);
            m.put("measured", measured);
            m.put("limit", (atLeast ? ">= " : "<= ") + limit);
            m.put("met", met());
            return m;
        }
    }

    static List<Map<String, Object>> targets(Results r) {
        return targetList(r).stream().map(Target::asMap).toList();
    }

    static List<Target> targetList(Results r) {
        List<Target> t = new ArrayList<>();
        for (Scenario sc : Harness.SCENARIOS) {
            if (!r.runs.containsKey(sc.id())) {
                continue;
            }
            String k = metric(sc);
            if (!sc.uds()) {
                t.add(new Target(sc.id() + " " + sc.unit() + " vs Reactor Netty default", ratio(r, sc.id(), RN, k), 0.95, true));
            }
            t.add(new Target(sc.id() + " " + sc.unit() + " vs Node", ratio(r, sc.id(), NODE, k), 1.0, true));
            if (sc.latency() && !sc.uds()) {
                t.add(new Target(sc.id() + " p99 vs Reactor Netty default", ratio(r, sc.id(), RN, "p99us"), 1.05, false));
            }
        }
        if (r.runs.containsKey("rr-64-x100")) {
            t.add(new Target("rr-64-x100 p99 vs Node", ratio(r, "rr-64-x100", NODE, "p99us"), 1.5, false));
        }
        if (r.runs.containsKey("lines-128-x16")) {
            t.add(new Target("lines-128-x16 MB/s vs Reactor Netty + LineBasedFrameDecoder",
                    ratio(r, "lines-128-x16", RN, "mbps"), 5.0, true));
        }
        if (r.runs.containsKey("idle-memory")) {
            t.add(new Target("idle-memory KiB/conn vs Reactor Netty default", ratio(r, "idle-memory", RN, "kibPerConn"), 1.1, false));
        }
        return t;
    }

    // ------------------------------------------------------------------ markdown

    static String markdown(Results r, List<Scenario> scenarios) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> m = r.machine;
        md.append("# reactive-net echo harness results\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %s cores (%s, %s), %s; Node %s; %s. Load average at start %s, at end %s.%n%n",
                m.get("date"), m.get("cores"), m.get("cpu"), m.get("memTotal"), m.get("jdk"), m.get("node"),
                m.get("pinned"), m.get("loadAvgStart"), m.get("loadAvgEnd")));
        md.append(String.format(Locale.ROOT, "Rounds: %s (interleaved), %s ms measured per run after %s ms of warm-up in the run, "
                        + "%s ms of warm-up per scenario per server first; server JVM options `%s`. Cells: median (min–max).%n%n",
                r.settings.get("roundsDone"), r.settings.get("measureMsPerRun"), r.settings.get("warmMsPerRun"),
                r.settings.get("warmupMsPerScenario"), r.settings.get("serverJvmOptions")));
        List<String> servers = new ArrayList<>();
        for (String s : Harness.KNOWN_SERVERS) {
            if (r.runs.values().stream().anyMatch(x -> x.containsKey(s))) {
                servers.add(s);
            }
        }
        md.append("| scenario | unit |");
        for (String s : servers) {
            md.append(' ').append(label(r, s)).append(" |");
        }
        md.append(" ours / RN default | ours / RN same loops | ours / Node |\n|---|---|");
        md.append("---:|".repeat(servers.size() + 3)).append('\n');
        for (Scenario sc : scenarios) {
            if (!r.runs.containsKey(sc.id())) {
                continue;
            }
            String k = metric(sc);
            md.append("| ").append(sc.title()).append(" | ").append(sc.unit()).append(" |");
            for (String s : servers) {
                md.append(' ').append(cell(r, sc.id(), s, k)).append(" |");
            }
            for (String o : List.of(RN, RN_MATCHED, NODE)) {
                md.append(' ').append(fmtRatio(ratio(r, sc.id(), o, k))).append(" |");
            }
            md.append('\n');
        }
        if (r.runs.containsKey("idle-memory")) {
            md.append("| memory per idle connection (RSS delta / connections) | KiB |");
            for (String s : servers) {
                md.append(' ').append(cell(r, "idle-memory", s, "kibPerConn")).append(" |");
            }
            for (String o : List.of(RN, RN_MATCHED, NODE)) {
                md.append(' ').append(fmtRatio(ratio(r, "idle-memory", o, "kibPerConn"))).append(" |");
            }
            md.append('\n');
            md.append("| live heap per idle connection (after GC) | KiB |");
            for (String s : servers) {
                md.append(' ').append(cell(r, "idle-memory", s, "heapKibPerConn")).append(" |");
            }
            for (String o : List.of(RN, RN_MATCHED, NODE)) {
                md.append(' ').append(fmtRatio(ratio(r, "idle-memory", o, "heapKibPerConn"))).append(" |");
            }
            md.append('\n');
        }

        md.append("\n## Latency (µs, request/response)\n\n| scenario | percentile |");
        for (String s : servers) {
            md.append(' ').append(label(r, s)).append(" |");
        }
        md.append(" ours / RN default | ours / RN same loops | ours / Node |\n|---|---|");
        md.append("---:|".repeat(servers.size() + 3)).append('\n');
        for (Scenario sc : scenarios) {
            if (!sc.latency() || !r.runs.containsKey(sc.id())) {
                continue;
            }
            for (String[] p : new String[][] {{"p50us", "p50"}, {"p99us", "p99"}, {"p999us", "p99.9"}}) {
                md.append("| ").append(sc.id()).append(" | ").append(p[1]).append(" |");
                for (String s : servers) {
                    md.append(' ').append(cell(r, sc.id(), s, p[0])).append(" |");
                }
                for (String o : List.of(RN, RN_MATCHED, NODE)) {
                    md.append(' ').append(fmtRatio(ratio(r, sc.id(), o, p[0]))).append(" |");
                }
                md.append('\n');
            }
        }

        md.append("\n## Efficiency: throughput per second of server CPU (MB or ops per CPU-second)\n\n"
                + "Less sensitive than raw throughput to a shared machine, where a server may not get its whole core.\n\n"
                + "| scenario |");
        for (String s : servers) {
            md.append(' ').append(label(r, s)).append(" |");
        }
        md.append(" ours / RN default | ours / RN same loops | ours / Node |\n|---|");
        md.append("---:|".repeat(servers.size() + 3)).append('\n');
        for (Scenario sc : scenarios) {
            if (!r.runs.containsKey(sc.id())) {
                continue;
            }
            md.append("| ").append(sc.id()).append(" |");
            for (String s : servers) {
                md.append(' ').append(cell(r, sc.id(), s, "perServerCpuSecond")).append(" |");
            }
            for (String o : List.of(RN, RN_MATCHED, NODE)) {
                md.append(' ').append(fmtRatio(ratio(r, sc.id(), o, "perServerCpuSecond"))).append(" |");
            }
            md.append('\n');
        }

        md.append("\n## CPU (median share of one core during a run: server / load generator)\n\n| scenario |");
        for (String s : servers) {
            md.append(' ').append(label(r, s)).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(servers.size())).append('\n');
        for (Scenario sc : scenarios) {
            if (!r.runs.containsKey(sc.id())) {
                continue;
            }
            md.append("| ").append(sc.id()).append(" |");
            for (String s : servers) {
                md.append(String.format(Locale.ROOT, " %.2f / %.2f |", r.median(sc.id(), s, "serverCpu"),
                        r.median(sc.id(), s, "clientCpu")));
            }
            md.append('\n');
        }

        md.append("\n## Targets (issue 8)\n\n| target | measured ratio | limit | met |\n|---|---:|---|---|\n");
        for (Target t : targetList(r)) {
            md.append("| ").append(t.what()).append(" | ").append(fmtRatio(t.measured())).append(" | ")
                    .append(t.atLeast() ? "≥ " : "≤ ").append(t.limit()).append(" | ")
                    .append(!Double.isFinite(t.measured()) ? "n/a" : t.met() ? "yes" : "**no**").append(" |\n");
        }
        return md.toString();
    }

    private static String cell(Results r, String scenario, String server, String key) {
        double med = r.median(scenario, server, key);
        if (Double.isNaN(med)) {
            return "–";
        }
        return fmt(med) + " (" + fmt(r.min(scenario, server, key)) + "–" + fmt(r.max(scenario, server, key)) + ")";
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

    static void charts(Results r, List<Scenario> scenarios, Path dir) throws IOException {
        List<String> cats = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (Scenario sc : scenarios) {
            if (r.runs.containsKey(sc.id())) {
                cats.add(sc.id());
            }
        }
        if (r.runs.containsKey("idle-memory")) {
            cats.add("idle-mem (inv.)");
        }
        for (String o : List.of(RN, RN_MATCHED, NODE)) {
            List<Double> ys = new ArrayList<>();
            for (Scenario sc : scenarios) {
                if (r.runs.containsKey(sc.id())) {
                    ys.add(orZero(ratio(r, sc.id(), o, metric(sc))));
                }
            }
            if (r.runs.containsKey("idle-memory")) {
                // memory: lower is better, so the chart shows other / ours to keep "higher is better"
                ys.add(orZero(1.0 / ratio(r, "idle-memory", o, "kibPerConn")));
            }
            series.put("reactive-net / " + label(r, o), ys);
        }
        save(chart("Throughput ratio, reactive-net / other (higher is better)", cats, series, "ratio"),
                dir.resolve("throughput-ratios.png"));

        List<String> ecats = new ArrayList<>();
        Map<String, List<Double>> eseries = new LinkedHashMap<>();
        for (Scenario sc : scenarios) {
            if (r.runs.containsKey(sc.id())) {
                ecats.add(sc.id());
            }
        }
        for (String o : List.of(RN, RN_MATCHED, NODE)) {
            List<Double> ys = new ArrayList<>();
            for (Scenario sc : scenarios) {
                if (r.runs.containsKey(sc.id())) {
                    ys.add(orZero(ratio(r, sc.id(), o, "perServerCpuSecond")));
                }
            }
            eseries.put("reactive-net / " + label(r, o), ys);
        }
        if (!ecats.isEmpty()) {
            save(chart("Throughput per server CPU-second, reactive-net / other (higher is better)", ecats, eseries,
                    "ratio"), dir.resolve("efficiency-ratios.png"));
        }

        List<String> lcats = new ArrayList<>();
        Map<String, List<Double>> lseries = new LinkedHashMap<>();
        for (Scenario sc : scenarios) {
            if (sc.latency() && r.runs.containsKey(sc.id())) {
                for (String p : List.of("p50", "p99", "p99.9")) {
                    lcats.add(sc.id() + " " + p);
                }
            }
        }
        for (String o : List.of(RN, RN_MATCHED, NODE)) {
            List<Double> ys = new ArrayList<>();
            for (Scenario sc : scenarios) {
                if (sc.latency() && r.runs.containsKey(sc.id())) {
                    for (String k : List.of("p50us", "p99us", "p999us")) {
                        ys.add(orZero(ratio(r, sc.id(), o, k)));
                    }
                }
            }
            lseries.put("reactive-net / " + label(r, o), ys);
        }
        if (!lcats.isEmpty()) {
            save(chart("Latency ratio, reactive-net / other (lower is better)", lcats, lseries, "ratio"),
                    dir.resolve("latency-ratios.png"));
        }
    }

    private static double orZero(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }

    private static CategoryChart chart(String title, List<String> cats, Map<String, List<Double>> series, String yTitle) {
        CategoryChart c = new CategoryChartBuilder().width(1100).height(520).title(title)
                .xAxisTitle("scenario").yAxisTitle(yTitle).build();
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
