package io.reactivenet.internal.framing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Fast single-byte search: eight bytes at a time (SWAR) over heap arrays. */
final class ByteSearch {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private ByteSearch() {
    }

    /** The absolute index of the first {@code value} in {@code buf[from, to)}, or -1. */
    static int indexOf(ByteBuffer buf, int from, int to, byte value) {
        if (buf.hasArray()) {
            int offset = buf.arrayOffset();
            int i = indexOf(buf.array(), offset + from, offset + to, value);
            return i < 0 ? -1 : i - offset;
        }
        for (int i = from; i < to; i++) {
            if (buf.get(i) == value) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first {@code value} in {@code a[from, to)}, or -1. */
    static int indexOf(byte[] a, int from, int to, byte value) {
        int i = from;
        long pattern = (value & 0xFFL) * LOW_BITS;
        int longEnd = to - 7;
        for (; i < longEnd; i += 8) {
            long x = (long) LONGS.get(a, i) ^ pattern;
            long t = (x - LOW_BITS) & ~x & HIGH_BITS;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
