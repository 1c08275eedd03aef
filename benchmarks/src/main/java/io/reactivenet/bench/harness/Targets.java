package io.reactivenet.bench.harness;

import io.reactivenet.bench.harness.Harness.Scenario;
import io.reactivenet.bench.harness.Report.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets of issue 13 (faster than raw Reactor Netty on its own transport), of issue 14 (TLS:
 * at least 0.95x Reactor Netty {@code secure()}, 1.2x Node's {@code tls}) and the ones of issue 8
 * that still apply, judged on best-of-N ratios of one run. A target whose figures this run
 * lacks (a server or scenario not run) is left out.
 */
final class Targets {

    private Targets() {
    }

    static List<Target> list(Results r) {
        List<Target> t = new ArrayList<>();
        for (Scenario sc : Harness.SCENARIOS) {
            if (!r.runs.containsKey(sc.id())) {
                continue;
            }
            if (sc.uds()) {
                add(t, r, "8", sc.id() + " " + sc.unit() + " vs Node", sc, Report.NODE, 1.0);
                continue;
            }
            if (sc.tls()) {
                // issue 14: >= 0.95x Reactor Netty secure() on the same provider, >= 1.2x Node's tls
                add(t, r, "14", sc.id() + " " + sc.unit() + " vs Reactor Netty secure() default", sc, Report.RN, 0.95);
                add(t, r, "14", sc.id() + " " + sc.unit() + " vs Reactor Netty secure() same loops", sc, Report.RN_MATCHED,
                        0.95);
                add(t, r, "14", sc.id() + " " + sc.unit() + " vs Node tls", sc, Report.NODE, 1.2);
                continue;
            }
            boolean lines = sc.lines();
            if (!lines) {
                // issue 13: every stream, request/response and connect scenario >= 1.0x Reactor Netty
                // (default and same loops) and Vert.x, >= 1.3x Node
                add(t, r, "13", sc.id() + " " + sc.unit() + " vs Reactor Netty default", sc, Report.RN, 1.0);
                add(t, r, "13", sc.id() + " " + sc.unit() + " vs Reactor Netty same loops", sc, Report.RN_MATCHED, 1.0);
                add(t, r, "13", sc.id() + " " + sc.unit() + " vs Vert.x", sc, Report.VERTX, 1.0);
                add(t, r, "13", sc.id() + " " + sc.unit() + " vs Node", sc, Report.NODE, 1.3);
            }
            if (sc.latency()) {
                t.add(new Target("8", sc.id() + " p99 vs Reactor Netty default",
                        Report.bestRatio(r, sc.id(), Report.RN, "p99us"), 1.05, false));
            }
        }
        if (r.runs.containsKey("rr-64-x100")) {
            t.add(new Target("13", "rr-64-x100 p99 vs C epoll echo",
                    Report.bestRatio(r, "rr-64-x100", Report.NATIVE, "p99us"), 1.5, false));
            t.add(new Target("8", "rr-64-x100 p99 vs Node", Report.bestRatio(r, "rr-64-x100", Report.NODE, "p99us"), 1.5,
                    false));
        }
        if (r.runs.containsKey("lines-128-x16")) {
            t.add(new Target("13", "lines-128-x16 MB/s vs Reactor Netty + LineBasedFrameDecoder",
                    Report.bestRatio(r, "lines-128-x16", Report.RN, "mbps"), 5.0, true));
        }
        if (r.runs.containsKey("lines-64k-x16")) {
            t.add(new Target("13", "lines-64k-x16 MB/s vs Reactor Netty + LineBasedFrameDecoder",
                    Report.bestRatio(r, "lines-64k-x16", Report.RN, "mbps"), 1.0, true));
        }
        if (r.runs.containsKey("idle-memory")) {
            t.add(new Target("8", "idle-memory KiB/conn vs Reactor Netty default",
                    Report.bestRatio(r, "idle-memory", Report.RN, "kibPerConn"), 1.1, false));
            t.add(new Target("13", "idle-memory KiB/conn (RSS)", r.best("idle-memory", Report.OURS, "kibPerConn"), 3.0,
                    false, "KiB"));
        }
        t.removeIf(x -> Double.isNaN(x.measured()));
        return t;
    }

    private static void add(List<Target> t, Results r, String issue, String what, Scenario sc, String other,
            double atLeast) {
        t.add(new Target(issue, what, Report.bestRatio(r, sc.id(), other, sc.metric()), atLeast, true));
    }
}
