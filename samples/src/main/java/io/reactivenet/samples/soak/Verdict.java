package io.reactivenet.samples.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The judged run: the figures that matter (baseline, the reference after the load warm-up, the
 * peak after it, the first sample back within bounds) and every bound broken, by name and number.
 *
 * @param baseline after the warm-up round and the settle, no client connected
 * @param reference after the load warm-up, every idle connection open
 * @param referenceT when the reference was taken (seconds since the server started)
 * @param peak the highest of each figure from the reference to the end of the load
 * @param recovered the first sample after the clients left with every figure back within bounds, or null
 * @param clientsLeft when the last client connection was closed
 * @param idleOpened idle connections that were open at once
 * @param churnOps connect/echo/close cycles
 * @param rrOps requests answered
 * @param errors client failures
 * @param gcPauses the median and longest forced full collection after the load warm-up
 * @param violations every bound broken; empty for a pass
 */
record Verdict(Bounds.Figures baseline, Bounds.Figures reference, double referenceT, Bounds.Figures peak,
        @Nullable Sample recovered, double clientsLeft, int idleOpened, long churnOps, long rrOps, long errors,
        String gcPauses, List<String> violations) {

    static Verdict judge(SoakConfig c, List<Sample> all, Bounds.Figures baseline, double loadStart, double clientsLeft,
            Load load, int idleOpened, int idleFailed, int serverExit, List<String> probeErrors) {
        List<String> v = new ArrayList<>();
        double refT = loadStart + c.loadWarmup().toMillis() / 1000.0;
        List<Sample> loaded = Bounds.phase(all, "load");
        List<Sample> before = loaded.stream().filter(s -> s.t() <= refT).toList();
        List<Sample> after = loaded.stream().filter(s -> s.t() > refT).toList();
        Bounds.Figures reference = Bounds.median(Bounds.last(before, Bounds.BASELINE_SAMPLES));
        Bounds.Figures peak = Bounds.peak(after);
        Bounds.Figures growth = Bounds.growthLimit(reference);
        for (Sample s : after) {
            List<String> over = Bounds.over(s, growth);
            if (!over.isEmpty() && v.size() < 20) {
                v.add("growth under load: " + String.join("; ", over));
            }
        }
        long expected = (c.duration().toSeconds() - c.loadWarmup().toSeconds()) * 8 / 10;
        if (after.size() < expected) {
            v.add("only " + after.size() + " samples after the load warm-up, expected at least " + expected
                    + " (the sampler stalled or the server stopped answering)");
        }
        Sample recovered = Bounds.firstWithin(Bounds.phase(all, "recovery"), Bounds.recoveryLimit(baseline));
        if (recovered == null) {
            List<Sample> rec = Bounds.phase(all, "recovery");
            v.add("not back within " + c.recovery().toSeconds() + " s after the clients left: "
                    + (rec.isEmpty() ? "no sample" : String.join("; ",
                            Bounds.over(rec.get(rec.size() - 1), Bounds.recoveryLimit(baseline))))
                    + " (limits: " + Bounds.recoveryLimit(baseline) + ")");
        }
        if (idleOpened < c.idle()) {
            v.add("only " + idleOpened + " of " + c.idle() + " idle connections could be opened");
        }
        if (idleFailed > 0) {
            v.add(idleFailed + " idle connections no longer echoed at the end of the load");
        }
        if (load.errors.get() > 0) {
            v.add(load.errors.get() + " client errors, first: " + load.firstErrors());
        }
        if (load.churnOps.get() == 0 && c.churnRate() > 0 || load.rrOps.get() == 0 && c.rrRate() > 0) {
            v.add("no traffic: " + load.churnOps.get() + " churn cycles, " + load.rrOps.get() + " requests");
        }
        if (serverExit != 0) {
            v.add("the server exited with " + serverExit + " after SIGTERM (expected 0 within 30 s; -1: still running)");
        }
        if (!probeErrors.isEmpty()) {
            v.add("the sampler failed: " + probeErrors);
        }
        double[] pauses = after.stream().mapToDouble(Sample::fullGcMs).filter(d -> !Double.isNaN(d) && d >= 0)
                .sorted().toArray();
        String gcPauses = pauses.length == 0 ? "none"
                : String.format(Locale.ROOT, "median %.0f ms, longest %.0f ms; live heap trend %+.2f MiB a minute",
                        pauses[pauses.length / 2], pauses[pauses.length - 1], slopePerMinute(after));
        return new Verdict(baseline, reference, refT, peak, recovered, clientsLeft, idleOpened, load.churnOps.get(),
                load.rrOps.get(), load.errors.get(), gcPauses, List.copyOf(v));
    }

    /** The least-squares slope of the live heap over {@code samples}, in MiB a minute. */
    static double slopePerMinute(List<Sample> samples) {
        double n = 0;
        double st = 0;
        double sv = 0;
        double stt = 0;
        double stv = 0;
        for (Sample s : samples) {
            if (!Double.isNaN(s.liveHeapMiB())) {
                n++;
                st += s.t();
                sv += s.liveHeapMiB();
                stt += s.t() * s.t();
                stv += s.t() * s.liveHeapMiB();
            }
        }
        double d = n * stt - st * st;
        return n < 2 || d == 0 ? 0 : (n * stv - st * sv) / d * 60;
    }

    String summary(SoakConfig c) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "soak %s: %d idle connections for %d s, churn %d/s, requests %d/s"
                + " on %d connections; server JVM: %s%n", violations.isEmpty() ? "PASSED" : "FAILED", c.idle(),
                c.duration().toSeconds(), c.churnRate(), c.rrRate(), c.rrConnections(), String.join(" ", c.serverJvm())));
        b.append(String.format(Locale.ROOT, "machine: %d cores, %s %s, java %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version")));
        b.append("baseline (after the warm-up round, no client):   ").append(baseline).append('\n');
        b.append(String.format(Locale.ROOT, "reference (load warm-up over, t=%.0f s):          %s%n", referenceT,
                reference));
        b.append("peak after the load warm-up:                      ").append(peak).append('\n');
        b.append("growth limit:                                     ").append(Bounds.growthLimit(reference))
                .append('\n');
        b.append("recovery limit:                                   ").append(Bounds.recoveryLimit(baseline))
                .append('\n');
        Sample r = recovered;
        if (r != null) {
            b.append(String.format(Locale.ROOT, "back within bounds %.0f s after the clients left: RSS %.1f MiB,"
                    + " live heap %.1f MiB, %d fds, %d threads (%d not GC/JIT)%n", r.t() - clientsLeft, r.rssMiB(),
                    r.liveHeapMiB(), r.fds(), r.threads(), r.otherThreads()));
        }
        b.append(String.format(Locale.ROOT, "forced full GCs under load (the live-heap figure's price): %s%n",
                gcPauses));
        b.append(String.format(Locale.ROOT, "traffic: %d idle connections held, %d connect/echo/close cycles,"
                + " %d requests answered, %d errors%n", idleOpened, churnOps, rrOps, errors));
        for (String s : violations) {
            b.append("BOUND BROKEN: ").append(s).append('\n');
        }
        return b.toString();
    }
}
