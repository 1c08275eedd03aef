package io.reactivenet.internal.framing;

import io.reactivenet.framing.DroppedFrame;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.InvalidFrameException;
import io.reactivenet.framing.TruncatedFrameException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Frames whose header holds their length, with the parameters of Netty's
 * LengthFieldBasedFrameDecoder. A frame inside one chunk is a slice of it; a frame spanning chunks
 * is copied once into a buffer of its exact size, allocated when its header has been read.
 */
public final class LengthFieldSplitter extends FrameSplitter {

    private final int fieldOffset;
    private final int fieldLength;
    private final boolean bigEndian;
    /** Added to the field's value to get the frame length minus the header end (Netty's sense). */
    private final long adjustment;
    private final int strip;
    private final int maxLength;
    private final boolean discardOversized;
    private final boolean allowTruncation;
    private final Consumer<DroppedFrame> onDrop;
    private final int headerEnd;

    private final byte[] header;
    private int headerFilled;
    private byte @Nullable [] frame;
    private long frameLength;
    private long consumed;
    private long skipRemaining;

    public LengthFieldSplitter(int fieldOffset, int fieldLength, boolean bigEndian, long adjustment, int strip,
            int maxLength, boolean discardOversized, boolean allowTruncation, Consumer<DroppedFrame> onDrop) {
        this.fieldOffset = fieldOffset;
        this.fieldLength = fieldLength;
        this.bigEndian = bigEndian;
        this.adjustment = adjustment;
        this.strip = strip;
        this.maxLength = maxLength;
        this.discardOversized = discardOversized;
        this.allowTruncation = allowTruncation;
        this.onDrop = onDrop;
        this.headerEnd = fieldOffset + fieldLength;
        this.header = new byte[headerEnd];
    }

    /** Reads the unsigned (or, for 8 bytes, signed) field value at {@code index}. */
    private long rawLength(ByteBuffer b, int index) {
        long v = 0;
        if (bigEndian) {
            for (int i = 0; i < fieldLength; i++) {
                v = (v << 8) | (b.get(index + i) & 0xFF);
            }
        } else {
            for (int i = fieldLength - 1; i >= 0; i--) {
                v = (v << 8) | (b.get(index + i) & 0xFF);
            }
        }
        return v;
    }

    /**
     * The frame length (header included) declared at {@code b[index + fieldOffset]}; checks it. Returns
     * -1 when the frame is to be skipped (then {@link #skipRemaining} holds the bytes after the header).
     */
    private long frameLength(ByteBuffer b, int index) {
        long raw = rawLength(b, index + fieldOffset);
        if (raw < 0) {
            throw new InvalidFrameException("Negative length field value: " + raw);
        }
        long length = raw > (1L << 48) ? Long.MAX_VALUE : raw + adjustment + headerEnd;
        if (length < headerEnd) {
            throw new InvalidFrameException("Adjusted frame length (" + length
                    + ") is less than the length field end offset (" + headerEnd + "); length field value " + raw);
        }
        if (length > maxLength) {
            if (!discardOversized) {
                throw new FrameTooLongException(maxLength, length, false);
            }
            onDrop.accept(new DroppedFrame(length, maxLength));
            skipRemaining = length - headerEnd;
            return -1;
        }
        if (strip > length) {
            throw new InvalidFrameException("Bytes to strip (" + strip + ") is more than the frame length ("
                    + length + ")");
        }
        return length;
    }

    @Override
    public @Nullable ByteBuffer next(ByteBuffer in) {
        for (;;) {
            int pos = in.position();
            int limit = in.limit();
            if (skipRemaining > 0) {
                int n = (int) Math.min(skipRemaining, limit - pos);
                in.position(pos + n);
                skipRemaining -= n;
                if (skipRemaining > 0 || pos + n == limit) {
                    return null;
                }
                continue;
            }
            byte[] f = frame;
            if (f == null) {
                if (headerFilled == 0 && limit - pos >= headerEnd) {
                    long length = frameLength(in, pos);
                    if (length < 0) {
                        in.position(pos + headerEnd);
                        continue;
                    }
                    if (limit - pos >= length) {
                        in.position(pos + (int) length);
                        return in.slice(pos + strip, (int) length - strip);
                    }
                    frameLength = length;
                    f = new byte[(int) length - strip];
                    frame = f;
                    consumed = 0;
                } else {
                    int n = Math.min(headerEnd - headerFilled, limit - pos);
                    in.get(pos, header, headerFilled, n);
                    in.position(pos + n);
                    headerFilled += n;
                    if (headerFilled < headerEnd) {
                        return null;
                    }
                    headerFilled = 0;
                    long length = frameLength(ByteBuffer.wrap(header), 0);
                    if (length < 0) {
                        continue;
                    }
                    frameLength = length;
                    f = new byte[(int) length - strip];
                    frame = f;
                    if (strip < headerEnd) {
                        System.arraycopy(header, strip, f, 0, headerEnd - strip);
                    }
                    consumed = headerEnd;
                    pos += n;
                }
            }
            int n = (int) Math.min(frameLength - consumed, limit - pos);
            // Frame bytes [consumed, consumed + n) go to f[offset - strip] where offset >= strip.
            long from = Math.max(consumed, strip);
            long to = consumed + n;
            if (to > from) {
                in.get(pos + (int) (from - consumed), f, (int) (from - strip), (int) (to - from));
            }
            consumed += n;
            in.position(pos + n);
            if (consumed < frameLength) {
                return null;
            }
            frame = null;
            return ByteBuffer.wrap(f);
        }
    }

    @Override
    public @Nullable ByteBuffer finish() {
        if (skipRemaining > 0) {
            skipRemaining = 0;
            return null;
        }
        byte[] f = frame;
        if (f == null && headerFilled == 0) {
            return null;
        }
        long have = f != null ? consumed : headerFilled;
        String detail = f != null ? " (the header declared " + frameLength + ")" : " (inside the length header)";
        ByteBuffer partial;
        if (f != null) {
            int n = (int) Math.max(0, consumed - strip);
            partial = ByteBuffer.wrap(f, 0, n).slice();
        } else {
            partial = ByteBuffer.wrap(Arrays.copyOf(header, headerFilled));
        }
        clear();
        if (!allowTruncation) {
            throw new TruncatedFrameException(have, detail);
        }
        return partial;
    }

    @Override
    public long buffered() {
        byte[] f = frame;
        return f != null ? f.length : headerFilled;
    }

    @Override
    public void clear() {
        frame = null;
        headerFilled = 0;
        consumed = 0;
        skipRemaining = 0;
    }
}
