package io.reactivenet.framing;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.framing.FrameSplitter;
import io.reactivenet.internal.framing.LengthFieldSplitter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Frames whose header holds their length: the parameters of Netty's LengthFieldBasedFrameDecoder
 * (decoding) and LengthFieldPrepender (encoding) as one immutable value. Get one with {@link
 * Framing#lengthField(int)} and adjust it with the {@code with…} methods.
 *
 * <p>Node counterpart: none; by hand, {@code buf.readUInt32BE(0)} and slicing in the {@code 'data'}
 * handler, and {@code Buffer.concat([header, payload])} before writing.
 *
 * <p>The decoder reads the length field at {@link #fieldOffset()} ({@link #fieldLength()} = 1, 2, 3,
 * 4 or 8 bytes, {@link #byteOrder()}; unsigned, except that 8 bytes are read as a signed long and a
 * negative value is an {@link InvalidFrameException}). The whole frame, header included, is
 * <pre>
 *   frameLength = value + lengthAdjustment + (fieldOffset + fieldLength)            (Netty's rule)
 *   frameLength = value + lengthAdjustment     when lengthIncludesHeader is true
 * </pre>
 * and the emitted frame is that many bytes with the first {@link #bytesToStrip()} removed. By
 * default (offset 0, 4-byte big-endian field, no adjustment, the header stripped):
 * <pre>
 *   BEFORE (14 bytes)                         AFTER (10 bytes)
 *   +------------+----------------+           +----------------+
 *   | 0000000A   | "HELLO, RMQ"   |   ---->   | "HELLO, RMQ"   |
 *   +------------+----------------+           +----------------+
 * </pre>
 * With {@code withFieldOffset(2).withFieldLength(3).withBytesToStrip(0)}, a 2-byte prefix that
 * stays in the frame:
 * <pre>
 *   | CAFE | 00000C | "HELLO, WORLD" |   ---->   | CAFE | 00000C | "HELLO, WORLD" |
 * </pre>
 * {@link #maxLength()} bounds {@code frameLength} (header included), checked as soon as the header
 * is read: a longer frame fails the stream with a {@link FrameTooLongException} before any of its
 * body is buffered, or in {@link Oversized#DISCARD} mode is skipped (declared length, unbuffered).
 * A frame length shorter than the header, or smaller than the bytes to strip, is an {@link
 * InvalidFrameException} in every mode. A partial frame at the end is a {@link
 * TruncatedFrameException} unless {@link Truncation#ALLOW}, which emits its bytes. A frame spanning
 * chunks is copied into a buffer of its exact size, allocated when its header has been read.
 *
 * <p>The encoder writes each frame as {@code [length field][frame]} with the value the decoder
 * expects ({@code frame bytes + fieldLength - frameLength-to-value adjustments}), so decoding with
 * the same codec gives the frames back when {@link #bytesToStrip()} equals the field length (the
 * default). It needs {@code fieldOffset == 0} (a non-zero offset means the frame carries its own
 * leading bytes, which only the application can write). A frame whose length does not fit the
 * field, or exceeds the maximum, fails the stream. Threading, backpressure and buffer ownership: see
 * {@link FrameCodec}.
 */
public final class LengthFieldCodec extends FrameCodecBase<LengthFieldCodec> {

    private static final int STRIP_HEADER = -1;

    /**
     * The header settings. Copied, changed in one field and handed to a new codec by {@link
     * #withHeader}; never changed once a codec holds it (the codec's final field publishes it).
     */
    private static final class Header implements Cloneable {
        int fieldOffset;
        int fieldLength = 4;
        ByteOrder byteOrder = ByteOrder.BIG_ENDIAN;
        int lengthAdjustment;
        int bytesToStrip = STRIP_HEADER;
        boolean lengthIncludesHeader;

        /** A shallow copy, which is a full one: every field is a primitive or an immutable value. */
        Header copy() {
            try {
                return (Header) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Header header;

    private LengthFieldCodec(Limits limits, Header header) {
        super(limits);
        this.header = header;
    }

    static LengthFieldCodec of(int maxLength) {
        return new LengthFieldCodec(Limits.of("maxLength", maxLength), new Header());
    }

    @Override
    LengthFieldCodec with(Limits limits) {
        return new LengthFieldCodec(limits, header);
    }

    private LengthFieldCodec withHeader(Consumer<Header> change) {
        Header copy = header.copy();
        change.accept(copy);
        return new LengthFieldCodec(limits, copy);
    }

    /** A copy with another maximum frame length (header included; at least 1). */
    public LengthFieldCodec withMaxLength(int maxLength) {
        return maxLengthCopy(maxLength);
    }

    /** A copy whose length field starts {@code offset} bytes into the frame (0 by default). */
    public LengthFieldCodec withFieldOffset(int offset) {
        int checked = Checks.range("fieldOffset", offset, 0, 1 << 16);
        return withHeader(h -> h.fieldOffset = checked);
    }

    /**
     * A copy whose length field is {@code length} bytes: 1, 2, 3, 4 (the default) or 8.
     *
     * @throws io.reactivenet.NetArgumentException {@code ERR_INVALID_ARG_VALUE} for other values
     */
    public LengthFieldCodec withFieldLength(int length) {
        if (length != 1 && length != 2 && length != 3 && length != 4 && length != 8) {
            throw Checks.invalid("fieldLength", length, "must be 1, 2, 3, 4 or 8");
        }
        return withHeader(h -> h.fieldLength = length);
    }

    /** A copy reading the length field in {@code order} (big-endian by default). */
    public LengthFieldCodec withByteOrder(ByteOrder order) {
        Objects.requireNonNull(order, "order");
        return withHeader(h -> h.byteOrder = order);
    }

    /** A copy adding {@code adjustment} to the field's value (Netty's lengthAdjustment; 0 by default). */
    public LengthFieldCodec withLengthAdjustment(int adjustment) {
        return withHeader(h -> h.lengthAdjustment = adjustment);
    }

    /**
     * A copy removing the first {@code bytes} bytes of every decoded frame (Netty's
     * initialBytesToStrip). By default the header ({@code fieldOffset + fieldLength} bytes) is
     * stripped; pass 0 to keep it.
     */
    public LengthFieldCodec withBytesToStrip(int bytes) {
        int checked = Checks.range("bytesToStrip", bytes, 0, Integer.MAX_VALUE);
        return withHeader(h -> h.bytesToStrip = checked);
    }

    /**
     * A copy whose length field counts the header too (the bytes from the frame start to the end of
     * the field), as with Netty's {@code lengthIncludesLengthFieldLength}; false by default.
     */
    public LengthFieldCodec withLengthIncludesHeader(boolean includes) {
        return withHeader(h -> h.lengthIncludesHeader = includes);
    }

    /** A copy with another reaction to oversized frames ({@link Oversized#FAIL} by default). */
    public LengthFieldCodec withOversized(Oversized oversized) {
        return oversizedCopy(oversized);
    }

    /** A copy with another reaction to a partial frame at the end ({@link Truncation#DISALLOW} by default). */
    public LengthFieldCodec withTruncation(Truncation truncation) {
        return truncationCopy(truncation);
    }

    /** A copy that reports frames skipped in {@link Oversized#DISCARD} mode (see {@link LineCodec#withDropListener}). */
    public LengthFieldCodec withDropListener(Consumer<DroppedFrame> listener) {
        return dropListenerCopy(listener);
    }

    public int fieldOffset() {
        return header.fieldOffset;
    }

    public int fieldLength() {
        return header.fieldLength;
    }

    public ByteOrder byteOrder() {
        return header.byteOrder;
    }

    public int lengthAdjustment() {
        return header.lengthAdjustment;
    }

    /** The bytes stripped from each decoded frame (by default the header, {@code fieldOffset + fieldLength}). */
    public int bytesToStrip() {
        return header.bytesToStrip == STRIP_HEADER ? header.fieldOffset + header.fieldLength : header.bytesToStrip;
    }

    public boolean lengthIncludesHeader() {
        return header.lengthIncludesHeader;
    }

    public Oversized oversized() {
        return limits.oversized();
    }

    /** The adjustment in Netty's sense: value + this + header end = frame length. */
    private long effectiveAdjustment() {
        return (long) header.lengthAdjustment - (header.lengthIncludesHeader ? header.fieldOffset + header.fieldLength : 0);
    }

    @Override
    FrameSplitter newSplitter() {
        return new LengthFieldSplitter(header.fieldOffset, header.fieldLength,
                header.byteOrder == ByteOrder.BIG_ENDIAN, effectiveAdjustment(), bytesToStrip(), limits.maxLength(),
                limits.discardOversized(), limits.allowTruncation(), limits.onDrop());
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.reactivenet.NetArgumentException {@code ERR_INVALID_ARG_VALUE} when the field offset
     *     is not 0
     */
    @Override
    public Function<Publisher<ByteBuffer>, Flux<ByteBuffer>> encoder() {
        return super.encoder();
    }

    @Override
    UnaryOperator<ByteBuffer> frameEncoder() {
        if (header.fieldOffset != 0) {
            throw Checks.invalid("fieldOffset", header.fieldOffset, "must be 0 for the encoder");
        }
        long adjustment = effectiveAdjustment();
        int headerLength = header.fieldLength;
        long maxValue = headerLength == 8 ? Long.MAX_VALUE : (1L << (8 * headerLength)) - 1;
        boolean bigEndian = header.byteOrder == ByteOrder.BIG_ENDIAN;
        int maxLength = limits.maxLength();
        return frame -> {
            int n = frame.remaining();
            long total = (long) n + headerLength;
            if (total > maxLength) {
                throw new FrameTooLongException(maxLength, total, false);
            }
            long value = n - adjustment;
            if (value < 0 || value > maxValue) {
                throw new InvalidFrameException("A frame of " + n + " bytes gives the length field value "
                        + value + ", which a " + headerLength + "-byte field cannot hold");
            }
            byte[] out = new byte[(int) total];
            for (int i = 0; i < headerLength; i++) {
                int shift = 8 * (bigEndian ? headerLength - 1 - i : i);
                out[i] = (byte) (value >>> shift);
            }
            frame.get(frame.position(), out, headerLength, n);
            return ByteBuffer.wrap(out);
        };
    }

    @Override
    public String toString() {
        return "LengthFieldCodec[maxLength=" + limits.maxLength() + ", fieldOffset=" + header.fieldOffset
                + ", fieldLength=" + header.fieldLength + ", byteOrder=" + header.byteOrder + ", lengthAdjustment="
                + header.lengthAdjustment + ", bytesToStrip=" + bytesToStrip() + ", lengthIncludesHeader="
                + header.lengthIncludesHeader + ", oversized=" + limits.oversized() + ", truncation="
                + limits.truncation() + "]";
    }
}
