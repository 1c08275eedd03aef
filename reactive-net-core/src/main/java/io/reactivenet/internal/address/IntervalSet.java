package io.reactivenet.internal.address;

import java.util.Arrays;

/**
 * An immutable set of unsigned 128-bit keys stored as sorted, disjoint, non-adjacent closed
 * intervals, with O(log n) membership. IPv4 keys use {@code hi == 0}.
 *
 * <p>Intervals are packed four {@code long}s each ({@code startHi, startLo, endHi, endLo}) in one
 * array, so a lookup touches one array and allocates nothing. Instances never change after
 * construction and are safe to share between threads.
 */
public final class IntervalSet {

    /** The empty set. */
    public static final IntervalSet EMPTY = new IntervalSet(new long[0], 0);

    private final long[] bounds;
    private final int size;

    private IntervalSet(long[] bounds, int size) {
        this.bounds = bounds;
        this.size = size;
    }

    /** Number of disjoint intervals. */
    public int size() {
        return size;
    }

    /** Whether {@code (hi, lo)} lies in one of the intervals. */
    public boolean contains(long hi, long lo) {
        long[] b = bounds;
        int low = 0;
        int high = size - 1;
        // find the last interval whose start <= key
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int base = mid << 2;
            if (compare(b[base], b[base + 1], hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found < 0) {
            return false;
        }
        int base = found << 2;
        return compare(hi, lo, b[base + 2], b[base + 3]) <= 0;
    }

    /** Unsigned comparison of two 128-bit keys. */
    public static int compare(long hi1, long lo1, long hi2, long lo2) {
        int c = Long.compareUnsigned(hi1, hi2);
        return c != 0 ? c : Long.compareUnsigned(lo1, lo2);
    }

    /** The union of two sets, in O(n + m). */
    public IntervalSet union(IntervalSet other) {
        if (other.size == 0) {
            return this;
        }
        if (size == 0) {
            return other;
        }
        Builder out = new Builder(size + other.size);
        int i = 0;
        int j = 0;
        while (i < size || j < other.size) {
            boolean takeThis = j >= other.size || (i < size && compare(bounds[i << 2], bounds[(i << 2) + 1],
                    other.bounds[j << 2], other.bounds[(j << 2) + 1]) <= 0);
            if (takeThis) {
                out.appendSorted(bounds, i << 2);
                i++;
            } else {
                out.appendSorted(other.bounds, j << 2);
                j++;
            }
        }
        return out.finish();
    }

    /** Collects intervals in any order, then sorts and merges them. */
    public static final class Builder {
        private long[] raw;
        private int count;

        public Builder(int expected) {
            raw = new long[Math.max(4, expected * 4)];
        }

        /** Adds {@code [start, end]}; ignored when start > end. */
        public Builder add(long startHi, long startLo, long endHi, long endLo) {
            if (compare(startHi, startLo, endHi, endLo) > 0) {
                return this;
            }
            push(startHi, startLo, endHi, endLo);
            return this;
        }

        private void push(long startHi, long startLo, long endHi, long endLo) {
            if ((count + 1) * 4 > raw.length) {
                raw = Arrays.copyOf(raw, raw.length * 2);
            }
            int base = count << 2;
            raw[base] = startHi;
            raw[base + 1] = startLo;
            raw[base + 2] = endHi;
            raw[base + 3] = endLo;
            count++;
        }

        // Appends an interval whose start is >= every start so far, merging with the last one.
        void appendSorted(long[] src, int base) {
            long sHi = src[base];
            long sLo = src[base + 1];
            long eHi = src[base + 2];
            long eLo = src[base + 3];
            if (count > 0) {
                int last = (count - 1) << 2;
                long lastEndHi = raw[last + 2];
                long lastEndLo = raw[last + 3];
                // adjacent or overlapping: start <= lastEnd + 1
                boolean lastIsMax = lastEndHi == -1L && lastEndLo == -1L;
                long nextLo = lastEndLo + 1;
                long nextHi = nextLo == 0 ? lastEndHi + 1 : lastEndHi;
                if (lastIsMax || compare(sHi, sLo, nextHi, nextLo) <= 0) {
                    if (compare(eHi, eLo, lastEndHi, lastEndLo) > 0) {
                        raw[last + 2] = eHi;
                        raw[last + 3] = eLo;
                    }
                    return;
                }
            }
            push(sHi, sLo, eHi, eLo);
        }

        /** The sorted, merged set. */
        public IntervalSet build() {
            if (count == 0) {
                return EMPTY;
            }
            if (!sorted()) {
                Integer[] order = new Integer[count];
                for (int k = 0; k < count; k++) {
                    order[k] = k;
                }
                long[] r = raw;
                Arrays.sort(order, (x, y) -> compare(r[x << 2], r[(x << 2) + 1], r[y << 2], r[(y << 2) + 1]));
                Builder merged = new Builder(count);
                for (Integer k : order) {
                    merged.appendSorted(r, k << 2);
                }
                return merged.finish();
            }
            Builder merged = new Builder(count);
            for (int k = 0; k < count; k++) {
                merged.appendSorted(raw, k << 2);
            }
            return merged.finish();
        }

        private boolean sorted() {
            for (int k = 1; k < count; k++) {
                if (compare(raw[(k - 1) << 2], raw[((k - 1) << 2) + 1], raw[k << 2], raw[(k << 2) + 1]) > 0) {
                    return false;
                }
            }
            return true;
        }

        private IntervalSet finish() {
            return new IntervalSet(Arrays.copyOf(raw, count << 2), count);
        }
    }
}
