package io.reactivenet.samples.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The soak's verdict: the bounds its figures must keep, checked on the samples.
 *
 * <ul>
 *   <li><b>Baseline</b>: the server started, took one warm-up round (the same idle
 *       connections, churn and request traffic as the load, for {@code --warmup}: its code is
 *       compiled, its pools, event-loop threads and the JVM's lazily started GC threads exist),
 *       every client left, and it settled with a full collection every second for {@code --settle}
 *       and until its last {@value #BASELINE_SAMPLES} samples agree on descriptors and threads (at
 *       most 30 s more); the baseline is the median of those samples.
 *   <li><b>No growth under load</b>: from the end of the load warm-up (the idle connections open,
 *       then {@code --load-warmup}) to the end of the load, every sample stays under the reference
 *       (the median of the {@value #BASELINE_SAMPLES} samples before that moment) plus: RSS
 *       {@value #RSS_GROWTH_MIB} MiB or 25 %, whichever is more; live heap {@value #HEAP_GROWTH_MIB}
 *       MiB or 25 %; descriptors {@value #FD_GROWTH} (the churn and request connections in flight
 *       are a handful); threads (all, and those other than GC/JIT workers) {@value #THREAD_GROWTH}.
 *       A leak of one descriptor or thread per churned connection breaks them in a second; one of
 *       1 KiB of heap per churned connection (6 MiB a minute at 100 cycles a second) in 6 minutes.
 *   <li><b>Coming back</b>: after the clients leave, within {@code --recovery}, one sample where the
 *       descriptors are back to the baseline exactly (no more), the threads other than the JVM's
 *       on-demand GC and JIT workers too, all threads, RSS and live heap within
 *       {@value #RECOVERY_PERCENT} % of it.
 *   <li><b>Clients served</b>: no client error (connect, timeout, wrong echo), every idle connection
 *       still echoes at the end of the load, and the server exits 0 on SIGTERM.
 * </ul>
 */
final class Bounds {

    static final int BASELINE_SAMPLES = 5;
    static final double RSS_GROWTH_MIB = 64;
    static final double HEAP_GROWTH_MIB = 32;
    static final double GROWTH_FRACTION = 0.25;
    static final int FD_GROWTH = 64;
    static final int THREAD_GROWTH = 8;
    static final int RECOVERY_PERCENT = 10;

    private Bounds() {
    }

    /** RSS and live heap in MiB, descriptors, threads. */
    record Figures(double rss, double liveHeap, double fds, double threads, double otherThreads) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "RSS %.1f MiB, live heap %.1f MiB, %.0f fds, %.0f threads (%.0f not GC/JIT)",
                    rss, liveHeap, fds, threads, otherThreads);
        }
    }

    /** The median of each figure over {@code samples}. */
    static Figures median(List<Sample> samples) {
        return new Figures(median(samples, Sample::rssMiB), median(samples, Sample::liveHeapMiB),
                median(samples, Sample::fds), median(samples, Sample::threads), median(samples, Sample::otherThreads));
    }

    /** The highest of each figure over {@code samples}. */
    static Figures peak(List<Sample> samples) {
        return new Figures(max(samples, Sample::rssMiB), max(samples, Sample::liveHeapMiB), max(samples, Sample::fds),
                max(samples, Sample::threads), max(samples, Sample::otherThreads));
    }

    /** The growth limits above a reference taken after the load warm-up. */
    static Figures growthLimit(Figures reference) {
        return new Figures(reference.rss() + Math.max(RSS_GROWTH_MIB, GROWTH_FRACTION * reference.rss()),
                reference.liveHeap() + Math.max(HEAP_GROWTH_MIB, GROWTH_FRACTION * reference.liveHeap()),
                reference.fds() + FD_GROWTH, reference.threads() + THREAD_GROWTH,
                reference.otherThreads() + THREAD_GROWTH);
    }

    /** What the figures must come back to once the clients have left. */
    static Figures recoveryLimit(Figures baseline) {
        double f = 1 + RECOVERY_PERCENT / 100.0;
        return new Figures(baseline.rss() * f, baseline.liveHeap() * f, baseline.fds(), Math.floor(baseline.threads() * f),
                baseline.otherThreads());
    }

    /** Which figures of {@code s} are over {@code limit}; empty when none is. */
    static List<String> over(Sample s, Figures limit) {
        List<String> out = new ArrayList<>();
        check(out, "RSS", s.rssMiB(), limit.rss(), s);
        check(out, "live heap", s.liveHeapMiB(), limit.liveHeap(), s);
        check(out, "fds", s.fds(), limit.fds(), s);
        check(out, "threads", s.threads(), limit.threads(), s);
        check(out, "threads other than GC/JIT workers", s.otherThreads(), limit.otherThreads(), s);
        return out;
    }

    private static void check(List<String> out, String what, double value, double limit, Sample s) {
        if (value > limit) {
            out.add(String.format(Locale.ROOT, "%s %.1f > %.1f at t=%.0f s (%s)", what, value, limit, s.t(), s.phase()));
        }
    }

    /** The samples of {@code phase}, in order. */
    static List<Sample> phase(List<Sample> samples, String phase) {
        return samples.stream().filter(s -> s.phase().equals(phase)).toList();
    }

    /** The last {@code n} of {@code samples} (all of them if fewer). */
    static List<Sample> last(List<Sample> samples, int n) {
        return samples.subList(Math.max(0, samples.size() - n), samples.size());
    }

    /** Whether {@code samples} are enough for a baseline and agree on descriptors and threads. */
    static boolean steady(List<Sample> samples) {
        return samples.size() >= BASELINE_SAMPLES
                && samples.stream().mapToInt(Sample::fds).distinct().count() == 1
                && samples.stream().mapToInt(Sample::otherThreads).distinct().count() == 1;
    }

    /** The first sample of {@code samples} whose figures are all within {@code limit}, or null. */
    static @Nullable Sample firstWithin(List<Sample> samples, Figures limit) {
        for (Sample s : samples) {
            if (over(s, limit).isEmpty()) {
                return s;
            }
        }
        return null;
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double max(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return Arrays.stream(samples.stream().mapToDouble(f).toArray()).max().orElse(Double.NaN);
    }
}
