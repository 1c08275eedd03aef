package io.reactivenet.internal.framing;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes of a frame that spans input chunks, kept as read-only slices of the chunks (which the
 * decoder owns) and copied exactly once, into a buffer of the exact size, when the frame is complete.
 */
final class PendingBytes {

    private ByteBuffer[] parts = new ByteBuffer[4];
    private int count;
    private long size;

    long size() {
        return size;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Keeps {@code in[from, to)} (a slice: no copy). */
    void add(ByteBuffer in, int from, int to) {
        if (to == from) {
            return;
        }
        if (count == parts.length) {
            parts = Arrays.copyOf(parts, count * 2);
        }
        parts[count++] = in.slice(from, to - from);
        size += to - from;
    }

    /**
     * Copies the pending bytes followed by {@code in[from, to)} into a new buffer of which the first
     * {@code length} bytes are the frame, and clears this.
     */
    ByteBuffer assemble(ByteBuffer in, int from, int to, int length) {
        byte[] out = new byte[(int) size + (to - from)];
        int at = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer part = parts[i];
            int n = part.remaining();
            part.get(part.position(), out, at, n);
            at += n;
            parts[i] = null;
        }
        in.get(from, out, at, to - from);
        count = 0;
        size = 0;
        return ByteBuffer.wrap(out, 0, length).slice();
    }

    /** Copies the pending bytes into a new buffer and clears this. */
    ByteBuffer drain() {
        return assemble(ByteBuffer.allocate(0), 0, 0, (int) size);
    }

    void clear() {
        Arrays.fill(parts, 0, count, null);
        count = 0;
        size = 0;
    }
}
