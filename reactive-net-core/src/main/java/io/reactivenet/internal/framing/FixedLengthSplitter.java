package io.reactivenet.internal.framing;

import io.reactivenet.framing.TruncatedFrameException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** Frames of exactly {@code length} bytes. */
public final class FixedLengthSplitter extends FrameSplitter {

    private final int length;
    private final boolean allowTruncation;
    private byte @Nullable [] partial;
    private int filled;

    public FixedLengthSplitter(int length, boolean allowTruncation) {
        this.length = length;
        this.allowTruncation = allowTruncation;
    }

    @Override
    public @Nullable ByteBuffer next(ByteBuffer in) {
        int pos = in.position();
        int remaining = in.limit() - pos;
        if (remaining == 0) {
            return null;
        }
        byte[] p = partial;
        if (p == null) {
            if (remaining >= length) {
                in.position(pos + length);
                return in.slice(pos, length);
            }
            p = new byte[length];
            partial = p;
        }
        int n = Math.min(length - filled, remaining);
        in.get(pos, p, filled, n);
        in.position(pos + n);
        filled += n;
        if (filled < length) {
            return null;
        }
        partial = null;
        filled = 0;
        return ByteBuffer.wrap(p);
    }

    @Override
    public @Nullable ByteBuffer finish() {
        byte[] p = partial;
        if (p == null || filled == 0) {
            return null;
        }
        int n = filled;
        clear();
        if (!allowTruncation) {
            throw new TruncatedFrameException(n, " (frames are " + length + " bytes)");
        }
        return ByteBuffer.wrap(p, 0, n).slice();
    }

    @Override
    public long buffered() {
        return filled;
    }

    @Override
    public void clear() {
        partial = null;
        filled = 0;
    }
}
