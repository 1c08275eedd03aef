package io.reactivenet.address;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.internal.address.IntervalSet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sorted interval sets against a naive list of intervals, around the places where 128-bit
 * arithmetic can go wrong: 0, the 64-bit carry, and 2^128 - 1. Both construction paths (bulk
 * build and incremental union) are compared.
 */
class IntervalSetTest {

    private static final long SEED = Long.getLong("addresses.seed", 77L);
    private static final BigInteger[] ANCHORS = {
        BigInteger.ZERO,
        BigInteger.ONE.shiftLeft(64),
        BigInteger.ONE.shiftLeft(63),
        BigInteger.ONE.shiftLeft(128).subtract(BigInteger.valueOf(40)),
    };

    @Test
    void agreesWithNaiveMembership() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int round = 0; round < 300; round++) {
            BigInteger anchor = ANCHORS[random.nextInt(ANCHORS.length)];
            List<BigInteger[]> naive = new ArrayList<>();
            IntervalSet.Builder bulk = new IntervalSet.Builder(4);
            IntervalSet incremental = IntervalSet.EMPTY;
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                BigInteger s = clamp(anchor.add(BigInteger.valueOf(random.nextInt(-20, 40))));
                BigInteger e = clamp(s.add(BigInteger.valueOf(random.nextInt(-2, 8))));
                naive.add(new BigInteger[] {s, e});
                bulk.add(hi(s), lo(s), hi(e), lo(e));
                incremental = incremental.union(new IntervalSet.Builder(1).add(hi(s), lo(s), hi(e), lo(e)).build());
            }
            IntervalSet built = bulk.build();
            for (int d = -25; d < 50; d++) {
                BigInteger p = anchor.add(BigInteger.valueOf(d));
                if (p.signum() < 0 || p.bitLength() > 128) {
                    continue;
                }
                boolean expected = naive.stream().anyMatch(r -> r[0].compareTo(p) <= 0 && p.compareTo(r[1]) <= 0);
                assertThat(built.contains(hi(p), lo(p))).as("seed %d round %d point %s", SEED, round, p).isEqualTo(expected);
                assertThat(incremental.contains(hi(p), lo(p))).as("seed %d round %d point %s", SEED, round, p).isEqualTo(expected);
            }
            assertThat(incremental.size()).isEqualTo(built.size());
        }
    }

    @Test
    void wholeSpaceIsOneInterval() {
        IntervalSet all = new IntervalSet.Builder(2).add(0, 0, -1L, -1L).add(-1L, -2L, -1L, -1L).build();
        assertThat(all.size()).isEqualTo(1);
        assertThat(all.contains(0, 0)).isTrue();
        assertThat(all.contains(-1L, -1L)).isTrue();
        assertThat(all.contains(1L << 63, 5)).isTrue();
    }

    private static BigInteger clamp(BigInteger v) {
        BigInteger max = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        return v.signum() < 0 ? BigInteger.ZERO : v.compareTo(max) > 0 ? max : v;
    }

    private static long hi(BigInteger v) {
        return v.shiftRight(64).longValue();
    }

    private static long lo(BigInteger v) {
        return v.longValue();
    }
}
