package io.reactivenet.testing.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One of the twenty seeded fault mixes every stream contract runs through: cases 3, 8, 13, 18
 * half-close, cases 4, 9, 14, 19 reset, the other twelve only delay, re-chunk, throttle and stall.
 * Use it as a JUnit parameter source: {@code @MethodSource("io.reactivenet.testing.chaos.ChaosCase#twenty")}.
 *
 * <p>The seeds derive from a base seed ({@value #DEFAULT_BASE_SEED} unless {@code -Dchaos.seed=N});
 * {@code -Dchaos.case=I} runs only case I. A case's {@code toString} prints both, so a failing run is
 * repeated exactly.
 *
 * @param index    0..19
 * @param baseSeed the suite's base seed
 * @param seed     this case's seed ({@link FaultMix#derive}{@code (baseSeed, index)})
 * @param cut      the destructive fault of this case, or {@link Cut#NONE}
 */
public record ChaosCase(int index, long baseSeed, long seed, Cut cut) {

    /** The base seed of the default build. */
    public static final long DEFAULT_BASE_SEED = 1818;
    /** Mixes per contract. */
    public static final int COUNT = 20;

    /** The twenty cases (or the one {@code -Dchaos.case} picks). */
    public static List<ChaosCase> twenty() {
        long base = Long.getLong("chaos.seed", DEFAULT_BASE_SEED);
        String only = System.getProperty("chaos.case");
        List<ChaosCase> out = new ArrayList<>();
        IntStream.range(0, COUNT)
                .filter(i -> only == null || only.isBlank() || Integer.parseInt(only.trim()) == i)
                .forEach(i -> out.add(new ChaosCase(i, base, FaultMix.derive(base, i), cutOf(i))));
        return out;
    }

    private static Cut cutOf(int index) {
        return switch (index % 5) {
            case 3 -> Cut.HALF_CLOSE;
            case 4 -> Cut.RESET;
            default -> Cut.NONE;
        };
    }

    /** Whether this case may end a stream early or with an error. */
    public boolean destructive() {
        return cut != Cut.NONE;
    }

    /** The mix of the {@code n}th connection of this case, for streams of about {@code streamBytes} each way. */
    public FaultMix mix(int n, long streamBytes) {
        return FaultMix.random(FaultMix.derive(seed, n), cut, streamBytes);
    }

    @Override
    public String toString() {
        return "case " + index + " " + cut + " (rerun: -Dchaos.seed=" + baseSeed + " -Dchaos.case=" + index + ")";
    }
}
