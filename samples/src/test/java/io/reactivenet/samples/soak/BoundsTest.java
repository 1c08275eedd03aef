package io.reactivenet.samples.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The soak's bounds on made-up runs: a clean run passes, and each kind of leak the soak is there to
 * catch (a descriptor per churned connection, heap that keeps growing, a thread that stays, memory
 * that does not come back) breaks a bound, named with its numbers. This is the proof that
 * {@code SoakIT} can fail.
 */
class BoundsTest {

    private static final SoakConfig CONFIG = config();

    private static SoakConfig config() {
        try {
            return SoakConfig.parse("--idle", "1000", "--duration", "60s", "--load-warmup", "10s",
                    "--recovery", "10s", "--settle", "5s");
        } catch (SoakConfig.UsageException e) {
            throw new AssertionError(e);
        }
    }

    /** settle 0-9 s, load 10-69 s (reference at 20 s), recovery 70-79 s; {@code load} edits the load samples. */
    private static List<Sample> run(UnaryOperator<Sample> load, UnaryOperator<Sample> recovery) {
        List<Sample> s = new ArrayList<>();
        for (int t = 0; t < 80; t++) {
            String phase = t < 10 ? "settle" : t < 70 ? "load" : "recovery";
            Sample x = switch (phase) {
                case "settle" -> new Sample(t, phase, 150, 40, 10, 8, 20, 30, 5, 0, 0, 0, 0, 20);
                case "load" -> load.apply(
                        new Sample(t, phase, 220, 90, 60, 50, 1040, 30, 5, 1000, t * 100L, t * 1000L, 0, 20));
                default -> recovery.apply(new Sample(t, phase, 160, 30, 8.5, 8.5, 20, 30, 5, 0, 7000, 70000, 0, 20));
            };
            s.add(x);
        }
        return s;
    }

    private static Verdict judge(List<Sample> samples) {
        Load load = new Load(new InetSocketAddress("127.0.0.1", 9));
        load.churnOps.set(7000);
        load.rrOps.set(70000);
        Bounds.Figures baseline = Bounds.median(Bounds.last(Bounds.phase(samples, "settle"), Bounds.BASELINE_SAMPLES));
        return Verdict.judge(CONFIG, samples, baseline, 10, 70, load, 1000, 0, 0, List.of());
    }

    @Test
    void aCleanRunPasses() {
        Verdict v = judge(run(s -> s, s -> s));
        assertThat(v.violations()).isEmpty();
        assertThat(v.baseline()).isEqualTo(new Bounds.Figures(150, 8, 20, 30, 25));
        assertThat(v.reference()).isEqualTo(new Bounds.Figures(220, 50, 1040, 30, 25));
        assertThat(v.recovered()).isNotNull();
        assertThat(v.summary(CONFIG)).startsWith("soak PASSED");
    }

    @Test
    void aDescriptorLeakedPerChurnedConnectionBreaksTheGrowthBound() {
        Verdict v = judge(run(s -> withFds(s, s.fds() + (int) (s.t() - 10) * 3), s -> s));
        assertThat(v.violations()).anySatisfy(m -> assertThat(m).startsWith("growth under load: fds"));
        assertThat(v.summary(CONFIG)).startsWith("soak FAILED").contains("BOUND BROKEN: growth under load: fds");
    }

    @Test
    void aHeapThatKeepsGrowingBreaksTheGrowthBound() {
        Verdict v = judge(run(s -> new Sample(s.t(), s.phase(), s.rssMiB(), s.heapUsedMiB(), s.heapAfterGcMiB(),
                s.liveHeapMiB() + (s.t() - 10), s.fds(), s.threads(), s.gcJitThreads(), s.idle(), s.churnOps(),
                s.rrOps(), s.errors(), 20),
                s -> s));
        assertThat(v.violations()).anySatisfy(m -> assertThat(m).contains("live heap"));
        assertThat(v.summary(CONFIG)).contains("live heap trend +60.00 MiB a minute");
    }

    @Test
    void oneThreadThatStaysAfterTheClientsLeftBreaksTheRecoveryBound() {
        Verdict v = judge(run(s -> s, s -> new Sample(s.t(), s.phase(), s.rssMiB(), s.heapUsedMiB(),
                s.heapAfterGcMiB(), s.liveHeapMiB(), s.fds(), s.threads() + 1, s.gcJitThreads(), 0, s.churnOps(), s.rrOps(),
                0, 20)));
        assertThat(v.recovered()).isNull();
        assertThat(v.violations()).anySatisfy(m -> assertThat(m).startsWith("not back within 10 s")
                .contains("threads other than GC/JIT workers 26.0 > 25.0"));
    }

    @Test
    void aGcWorkerStartedOnDemandIsNotALeakButTenPercentMoreThreadsAre() {
        Verdict one = judge(run(s -> s, s -> new Sample(s.t(), s.phase(), s.rssMiB(), s.heapUsedMiB(),
                s.heapAfterGcMiB(), s.liveHeapMiB(), s.fds(), s.threads() + 1, s.gcJitThreads() + 1, 0, s.churnOps(),
                s.rrOps(), 0, 20)));
        assertThat(one.violations()).isEmpty();
        Verdict four = judge(run(s -> s, s -> new Sample(s.t(), s.phase(), s.rssMiB(), s.heapUsedMiB(),
                s.heapAfterGcMiB(), s.liveHeapMiB(), s.fds(), s.threads() + 4, s.gcJitThreads() + 4, 0, s.churnOps(),
                s.rrOps(), 0, 20)));
        assertThat(four.violations()).anySatisfy(m -> assertThat(m).contains("threads 34.0 > 33.0"));
    }

    @Test
    void oneDescriptorThatStaysBreaksTheRecoveryBound() {
        Verdict v = judge(run(s -> s, s -> withFds(s, 21)));
        assertThat(v.violations()).anySatisfy(m -> assertThat(m).contains("fds 21.0 > 20.0"));
    }

    @Test
    void memoryThatDoesNotComeBackWithinTenPercentBreaksTheRecoveryBound() {
        Verdict v = judge(run(s -> s, s -> new Sample(s.t(), s.phase(), 166, s.heapUsedMiB(), s.heapAfterGcMiB(),
                s.liveHeapMiB(), s.fds(), s.threads(), s.gcJitThreads(), 0, s.churnOps(), s.rrOps(), 0, 20)));
        assertThat(v.violations()).anySatisfy(m -> assertThat(m).contains("RSS 166.0 > 165.0"));
    }

    @Test
    void clientErrorsAndAServerThatDoesNotExitCleanlyFailTheRun() {
        List<Sample> samples = run(s -> s, s -> s);
        Load load = new Load(new InetSocketAddress("127.0.0.1", 9));
        load.churnOps.set(7000);
        load.rrOps.set(70000);
        load.errors.set(3);
        Verdict v = Verdict.judge(CONFIG, samples, Bounds.median(Bounds.phase(samples, "settle")), 10, 70, load,
                990, 2, 143, List.of());
        assertThat(v.violations()).hasSize(4).anySatisfy(m -> assertThat(m).startsWith("only 990 of 1000"))
                .anySatisfy(m -> assertThat(m).startsWith("2 idle connections no longer echoed"))
                .anySatisfy(m -> assertThat(m).startsWith("3 client errors"))
                .anySatisfy(m -> assertThat(m).startsWith("the server exited with 143"));
    }

    private static Sample withFds(Sample s, int fds) {
        return new Sample(s.t(), s.phase(), s.rssMiB(), s.heapUsedMiB(), s.heapAfterGcMiB(), s.liveHeapMiB(), fds,
                s.threads(), s.gcJitThreads(), s.idle(), s.churnOps(), s.rrOps(), s.errors(), 20);
    }
}
