package io.reactivenet.internal.address;

/**
 * The lookup structure behind {@link io.reactivenet.BlockList}: one interval set answering
 * checks of IPv4 addresses and one answering checks of IPv6 addresses, each split into a large
 * {@code main} set and a small {@code recent} set so that adding one rule costs O(sqrt n)
 * amortized instead of O(n). Immutable; a new index is published for every change.
 *
 * <p>Node decides a check by trying each rule in turn. Every rule matches a fixed set of
 * addresses of the checked family, so the union of those sets answers the same question in
 * O(log n). Node's matching, including IPv4-mapped IPv6, reduces to these intervals:
 * <ul>
 *   <li>an IPv6 check of {@code q} against an IPv4 endpoint or network compares only when
 *       {@code q} is {@code ::ffff:a.b.c.d}, and then compares {@code a.b.c.d};</li>
 *   <li>an IPv4 check of {@code a} against an IPv6 endpoint compares only when that endpoint is
 *       IPv4-mapped; against an IPv6 network it tests {@code ::ffff:a} for membership;</li>
 *   <li>a range matches when the address is comparable to, and between, both endpoints.</li>
 * </ul>
 */
public final class BlockListIndex {

    public static final BlockListIndex EMPTY =
            new BlockListIndex(IntervalSet.EMPTY, IntervalSet.EMPTY, IntervalSet.EMPTY, IntervalSet.EMPTY);

    private static final long MAPPED_START = IpAddresses.mappedLo(0);
    private static final long MAPPED_END = IpAddresses.mappedLo(0xffff_ffffL);

    private final IntervalSet v4Main;
    private final IntervalSet v4Recent;
    private final IntervalSet v6Main;
    private final IntervalSet v6Recent;

    private BlockListIndex(IntervalSet v4Main, IntervalSet v4Recent, IntervalSet v6Main, IntervalSet v6Recent) {
        this.v4Main = v4Main;
        this.v4Recent = v4Recent;
        this.v6Main = v6Main;
        this.v6Recent = v6Recent;
    }

    /** Whether an IPv4 address (checked as family ipv4) is blocked. */
    public boolean containsV4(long v4) {
        return v4Recent.contains(0, v4) || v4Main.contains(0, v4);
    }

    /** Whether an IPv6 address (checked as family ipv6) is blocked. */
    public boolean containsV6(long hi, long lo) {
        return v6Recent.contains(hi, lo) || v6Main.contains(hi, lo);
    }

    /** Number of disjoint intervals held (for tests and diagnostics). */
    public int intervals() {
        return v4Main.size() + v4Recent.size() + v6Main.size() + v6Recent.size();
    }

    /** This index plus one rule, given as a builder holding only that rule. */
    public BlockListIndex plus(Builder oneRule) {
        IntervalSet v4 = v4Recent.union(oneRule.v4.build());
        IntervalSet v6 = v6Recent.union(oneRule.v6.build());
        IntervalSet v4m = v4Main;
        IntervalSet v6m = v6Main;
        if (v4.size() > threshold(v4m)) {
            v4m = v4m.union(v4);
            v4 = IntervalSet.EMPTY;
        }
        if (v6.size() > threshold(v6m)) {
            v6m = v6m.union(v6);
            v6 = IntervalSet.EMPTY;
        }
        return new BlockListIndex(v4m, v4, v6m, v6);
    }

    private static int threshold(IntervalSet main) {
        return Math.max(16, (int) Math.sqrt(main.size()) * 2);
    }

    /** Collects rules; {@link #build()} sorts and merges them once. */
    public static final class Builder {
        final IntervalSet.Builder v4;
        final IntervalSet.Builder v6;

        public Builder(int expectedRules) {
            v4 = new IntervalSet.Builder(expectedRules);
            v6 = new IntervalSet.Builder(expectedRules);
        }

        /** An address rule. IPv4 addresses are {@code v6 == false, lo = address}. */
        public Builder addAddress(boolean v6, long hi, long lo) {
            return addRange(v6, hi, lo, v6, hi, lo);
        }

        /** A range rule; endpoints may be of different families, as Node allows. */
        public Builder addRange(boolean startV6, long startHi, long startLo, boolean endV6, long endHi, long endLo) {
            // IPv6 checks: compare in the IPv6 space; an IPv4 endpoint admits only mapped addresses.
            long sHi = startV6 ? startHi : 0;
            long sLo = startV6 ? startLo : IpAddresses.mappedLo(startLo);
            long eHi = endV6 ? endHi : 0;
            long eLo = endV6 ? endLo : IpAddresses.mappedLo(endLo);
            if (!startV6 || !endV6) {
                if (IntervalSet.compare(sHi, sLo, 0, MAPPED_START) < 0) {
                    sHi = 0;
                    sLo = MAPPED_START;
                }
                if (IntervalSet.compare(eHi, eLo, 0, MAPPED_END) > 0) {
                    eHi = 0;
                    eLo = MAPPED_END;
                }
            }
            v6.add(sHi, sLo, eHi, eLo);
            // IPv4 checks: an IPv6 endpoint is comparable only when IPv4-mapped.
            if ((startV6 && !IpAddresses.isMapped(startHi, startLo)) || (endV6 && !IpAddresses.isMapped(endHi, endLo))) {
                return this;
            }
            v4.add(0, startLo & 0xffff_ffffL, 0, endLo & 0xffff_ffffL);
            return this;
        }

        /** A subnet rule: {@code prefix} is 0..32 for IPv4 networks, 0..128 for IPv6. */
        public Builder addSubnet(boolean v6Network, long hi, long lo, int prefix) {
            if (!v6Network) {
                long mask = prefix == 0 ? 0 : (0xffff_ffffL << (32 - prefix)) & 0xffff_ffffL;
                long first = lo & mask;
                long last = first | (~mask & 0xffff_ffffL);
                v4.add(0, first, 0, last);
                v6.add(0, IpAddresses.mappedLo(first), 0, IpAddresses.mappedLo(last));
                return this;
            }
            long hiMask;
            long loMask;
            if (prefix >= 64) {
                hiMask = -1L;
                loMask = prefix == 64 ? 0 : -1L << (128 - prefix);
            } else {
                hiMask = prefix == 0 ? 0 : -1L << (64 - prefix);
                loMask = 0;
            }
            long fHi = hi & hiMask;
            long fLo = lo & loMask;
            long lHi = fHi | ~hiMask;
            long lLo = fLo | ~loMask;
            v6.add(fHi, fLo, lHi, lLo);
            // IPv4 checks test ::ffff:a against the network: the part of it inside the mapped block.
            if (IntervalSet.compare(lHi, lLo, 0, MAPPED_START) >= 0 && IntervalSet.compare(fHi, fLo, 0, MAPPED_END) <= 0) {
                long s = IntervalSet.compare(fHi, fLo, 0, MAPPED_START) < 0 ? MAPPED_START : fLo;
                long e = IntervalSet.compare(lHi, lLo, 0, MAPPED_END) > 0 ? MAPPED_END : lLo;
                v4.add(0, s & 0xffff_ffffL, 0, e & 0xffff_ffffL);
            }
            return this;
        }

        /** The index of every rule added. */
        public BlockListIndex build() {
            return new BlockListIndex(v4.build(), IntervalSet.EMPTY, v6.build(), IntervalSet.EMPTY);
        }
    }
}
