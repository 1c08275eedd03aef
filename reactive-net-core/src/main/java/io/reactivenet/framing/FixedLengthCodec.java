package io.reactivenet.framing;

import io.reactivenet.internal.framing.FixedLengthSplitter;
import io.reactivenet.internal.framing.FrameSplitter;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;

/**
 * Frames of one fixed length. The decoder cuts the stream every {@link #length()} bytes; the encoder
 * passes frames of exactly that length through unchanged (no copy) and fails the stream with an
 * {@link InvalidFrameException} on any other. The maximum frame length is the length itself, so
 * {@link Oversized} does not apply. A partial last frame is a {@link TruncatedFrameException} unless
 * {@link Truncation#ALLOW}. Get one with {@link Framing#fixedLength(int)}.
 *
 * <p>Node counterpart: none; by hand, {@code while (buf.length >= n)} slicing in the {@code 'data'}
 * handler. Threading, backpressure and buffer ownership: see {@link FrameCodec}. Immutable.
 */
public final class FixedLengthCodec extends FrameCodecBase<FixedLengthCodec> {

    /** The length is the maximum length; the oversized mode and drop listener are never used. */
    private FixedLengthCodec(Limits limits) {
        super(limits);
    }

    static FixedLengthCodec of(int length) {
        return new FixedLengthCodec(Limits.of("length", length));
    }

    @Override
    FixedLengthCodec with(Limits limits) {
        return new FixedLengthCodec(limits);
    }

    /** A copy with another reaction to a partial last frame ({@link Truncation#DISALLOW} by default). */
    public FixedLengthCodec withTruncation(Truncation truncation) {
        return truncationCopy(truncation);
    }

    /** The frame length. */
    public int length() {
        return limits.maxLength();
    }

    @Override
    FrameSplitter newSplitter() {
        return new FixedLengthSplitter(length(), limits.allowTruncation());
    }

    @Override
    UnaryOperator<ByteBuffer> frameEncoder() {
        int length = length();
        return frame -> {
            if (frame.remaining() != length) {
                throw new InvalidFrameException("A frame of " + frame.remaining()
                        + " bytes cannot be encoded as a fixed-length frame of " + length + " bytes");
            }
            return frame;
        };
    }

    @Override
    public String toString() {
        return "FixedLengthCodec[length=" + length() + ", truncation=" + limits.truncation() + "]";
    }
}
