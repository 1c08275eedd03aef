package io.reactivenet.bench.harness;

import io.reactivenet.bench.harness.Harness.Scenario;
import io.reactivenet.bench.harness.Report.Target;
import io.reactivenet.bench.harness.Report.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code results.md}: the run's settings, the tables of figures and ratios, the verdicts and the targets. */
final class Markdown {

    private Markdown() {
    }

    static String of(Results r, List<Scenario> scenarios) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> m = r.machine;
        List<String> servers = Report.servers(r);
        List<String> baselines = Report.BASELINES.stream().filter(servers::contains).toList();
        md.append("# reactive-net echo harness results\n\n");
        md.append(String.format(Locale.ROOT, "Run %s on %s cores (%s, %s), %s; Node %s; %s. Load average at start %s, at end %s.%n%n",
                m.get("date"), m.get("cores"), m.get("cpu"), m.get("memTotal"), m.get("jdk"), m.get("node"),
                m.get("pinned"), m.get("loadAvgStart"), m.get("loadAvgEnd")));
        md.append(String.format(Locale.ROOT, "Load generator: %s. Rounds: %s (interleaved), %s ms measured per run after %s ms "
                        + "of warm-up in the run, %s ms of warm-up per scenario per JVM/Node server first; server JVM options "
                        + "`%s`; our transport option `%s`. Commit %s.%n%n",
                r.settings.getOrDefault("loadGenerator", "?"), r.settings.get("roundsDone"),
                r.settings.get("measureMsPerRun"), r.settings.get("warmMsPerRun"), r.settings.get("warmupMsPerScenario"),
                r.settings.get("serverJvmOptions"), r.settings.getOrDefault("oursTransport", "auto"),
                r.settings.getOrDefault("commit", "")));
        md.append("Servers: ");
        md.append(String.join("; ", servers.stream().map(s -> "`" + s + "` = " + Report.label(r, s)).toList()));
        md.append(".\n\nCells: best of the rounds; ratios: ours / baseline, best against best. A scenario whose C echo "
                + String.format(Locale.ROOT, "is not at least %.2f× the best JVM server measures the load generator, "
                        + "not the servers (verdict **generator**).%n%n", Report.CEILING_MARGIN));

        header(md, r, "| scenario | unit |", servers, baselines, " verdict |");
        for (Scenario sc : scenarios) {
            if (!r.runs.containsKey(sc.id())) {
                continue;
            }
            String k = sc.metric();
            md.append("| ").append(sc.title()).append(" | ").append(sc.unit()).append(" |");
            for (String s : servers) {
                md.append(' ').append(best(r, sc.id(), s, k)).append(" |");
            }
            for (String o : baselines) {
                md.append(' ').append(Report.fmtRatio(Report.bestRatio(r, sc.id(), o, k))).append(" |");
            }
            Verdict v = Report.verdict(r, sc);
            md.append(v == Verdict.GENERATOR ? " **generator**" : " " + v.name().toLowerCase(Locale.ROOT)).append(" |\n");
        }
        if (r.runs.containsKey("idle-memory")) {
            for (String[] row : new String[][] {{"kibPerConn", "memory per idle connection (RSS delta / connections)"},
                {"heapKibPerConn", "live heap per idle connection (after GC)"}}) {
                md.append("| ").append(row[1]).append(" | KiB |");
                for (String s : servers) {
                    md.append(' ').append(best(r, "idle-memory", s, row[0])).append(" |");
                }
                for (String o : baselines) {
                    md.append(' ').append(Report.fmtRatio(Report.bestRatio(r, "idle-memory", o, row[0]))).append(" |");
                }
                md.append(" |\n");
            }
        }
        for (Scenario sc : scenarios) {
            if (Report.verdict(r, sc) == Verdict.GENERATOR) {
                md.append(String.format(Locale.ROOT, "%n**%s measures the load generator, not the servers**: the C echo "
                        + "(%s %s) is not clearly above the best JVM server; its ratios say little.%n", sc.id(),
                        Report.fmt(r.best(sc.id(), Report.NATIVE, sc.metric())), sc.unit()));
            }
        }

        md.append("\n## Latency (µs, request/response, best of the rounds)\n\n");
        header(md, r, "| scenario | percentile |", servers, baselines, "");
        for (Scenario sc : scenarios) {
            if (!sc.latency() || !r.runs.containsKey(sc.id())) {
                continue;
            }
            for (String[] p : new String[][] {{"p50us", "p50"}, {"p99us", "p99"}, {"p999us", "p99.9"}}) {
                md.append("| ").append(sc.id()).append(" | ").append(p[1]).append(" |");
                for (String s : servers) {
                    md.append(' ').append(best(r, sc.id(), s, p[0])).append(" |");
                }
                for (String o : baselines) {
                    md.append(' ').append(Report.fmtRatio(Report.bestRatio(r, sc.id(), o, p[0]))).append(" |");
                }
                md.append('\n');
            }
        }

        md.append("\n## Medians (min–max) and ratios of medians\n\n");
        header(md, r, "| scenario | unit |", servers, baselines, "");
        for (Scenario sc : scenarios) {
            if (!r.runs.containsKey(sc.id())) {
                continue;
            }
            md.append("| ").append(sc.id()).append(" | ").append(sc.unit()).append(" |");
            for (String s : servers) {
                md.append(' ').append(cell(r, sc.id(), s, sc.metric())).append(" |");
            }
            for (String o : baselines) {
                md.append(' ').append(Report.fmtRatio(Report.ratio(r, sc.id(), o, sc.metric()))).append(" |");
            }
            md.append('\n');
        }

        md.append("\n## Efficiency: throughput per second of server CPU (best of the rounds)\n\n"
                + "Less sensitive than raw throughput to a shared machine, where a server may not get its whole core.\n\n");
        header(md, r, "| scenario |", servers, baselines, "");
        for (Scenario sc : scenarios) {
            if (!r.runs.containsKey(sc.id())) {
                continue;
            }
            md.append("| ").append(sc.id()).append(" |");
            for (String s : servers) {
                md.append(' ').append(best(r, sc.id(), s, "perServerCpuSecond")).append(" |");
            }
            for (String o : baselines) {
                md.append(' ').append(Report.fmtRatio(Report.bestRatio(r, sc.id(), o, "perServerCpuSecond"))).append(" |");
            }
            md.append('\n');
        }

        md.append("\n## CPU (median share of one core during a run: server / load generator) and integrity\n\n"
                + "A load generator near 1.00 is the limit of that run. Integrity: reads that differed from what was sent "
                + "and bytes never echoed back, summed over every run (both must be 0).\n\n| scenario |");
        for (String s : servers) {
            md.append(' ').append(Report.label(r, s)).append(" |");
        }
        md.append(" corrupt / unechoed |\n|---|").append("---:|".repeat(servers.size() + 1)).append('\n');
        for (Scenario sc : scenarios) {
            if (!r.runs.containsKey(sc.id())) {
                continue;
            }
            md.append("| ").append(sc.id()).append(" |");
            double corrupt = 0;
            double unechoed = 0;
            for (String s : servers) {
                double srv = r.median(sc.id(), s, "serverCpu");
                double cli = r.median(sc.id(), s, "clientCpu");
                md.append(Double.isNaN(srv) && Double.isNaN(cli) ? " – |"
                        : String.format(Locale.ROOT, " %.2f / %.2f |", srv, cli));
                corrupt += r.values(sc.id(), s, "corrupt").stream().mapToDouble(Double::doubleValue).sum();
                unechoed += r.values(sc.id(), s, "unechoed").stream().mapToDouble(Double::doubleValue).sum();
            }
            md.append(String.format(Locale.ROOT, " %.0f / %.0f |%n", corrupt, unechoed));
        }

        md.append("\n## Targets (issues 8, 13 and 14, best-of-N ratios)\n\n| issue | target | measured | limit | met |\n"
                + "|---|---|---:|---|---|\n");
        for (Target t : Report.targetList(r)) {
            md.append("| ").append(t.issue()).append(" | ").append(t.what()).append(" | ").append(t.shown())
                    .append(" | ").append(t.atLeast() ? "≥ " : "≤ ").append(t.limit()).append(" | ")
                    .append(!Double.isFinite(t.measured()) ? "n/a" : t.met() ? "yes" : "**no**").append(" |\n");
        }
        return md.toString();
    }

    /** A table's header: the first columns, one per server, one per ratio, then {@code last}. */
    private static void header(StringBuilder md, Results r, String first, List<String> servers, List<String> baselines,
            String last) {
        md.append(first);
        for (String s : servers) {
            md.append(' ').append(Report.label(r, s)).append(" |");
        }
        for (String o : baselines) {
            md.append(' ').append(Report.ratioTitle(o)).append(" |");
        }
        md.append(last).append('\n');
        md.append("|---|".repeat(1)).append("---|".repeat((int) first.chars().filter(c -> c == '|').count() - 2));
        md.append("---:|".repeat(servers.size() + baselines.size())).append(last.isEmpty() ? "" : "---|").append('\n');
    }

    private static String best(Results r, String scenario, String server, String key) {
        double b = r.best(scenario, server, key);
        return Double.isNaN(b) ? "–" : Report.fmt(b);
    }

    private static String cell(Results r, String scenario, String server, String key) {
        double med = r.median(scenario, server, key);
        if (Double.isNaN(med)) {
            return "–";
        }
        return Report.fmt(med) + " (" + Report.fmt(r.min(scenario, server, key)) + "–"
                + Report.fmt(r.max(scenario, server, key)) + ")";
    }
}
