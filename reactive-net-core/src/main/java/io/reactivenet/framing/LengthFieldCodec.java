package io.reactivenet.framing;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.framing.FrameDecoderFlux;
import io.reactivenet.internal.framing.LengthFieldParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
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
public final class LengthFieldCodec implements FrameCodec {

    private static final Consumer<DroppedFrame> IGNORE = d -> { };
    private static final int STRIP_HEADER = -1;

    private final int maxLength;
    private final int fieldOffset;
    private final int fieldLength;
    private final ByteOrder byteOrder;
    private final int lengthAdjustment;
    private final int bytesToStrip;
    private final boolean lengthIncludesHeader;
    private final Oversized oversized;
    private final Truncation truncation;
    private final Consumer<DroppedFrame> onDrop;

    private LengthFieldCodec(int maxLength, int fieldOffset, int fieldLength, ByteOrder byteOrder,
            int lengthAdjustment, int bytesToStrip, boolean lengthIncludesHeader, Oversized oversized,
            Truncation truncation, Consumer<DroppedFrame> onDrop) {
        this.maxLength = maxLength;
        this.fieldOffset = fieldOffset;
        this.fieldLength = fieldLength;
        this.byteOrder = byteOrder;
        this.lengthAdjustment = lengthAdjustment;
        this.bytesToStrip = bytesToStrip;
        this.lengthIncludesHeader = lengthIncludesHeader;
        this.oversized = oversized;
        this.truncation = truncation;
        this.onDrop = onDrop;
    }

    static LengthFieldCodec of(int maxLength) {
        return new LengthFieldCodec(checkMax(maxLength), 0, 4, ByteOrder.BIG_ENDIAN, 0, STRIP_HEADER, false,
                Oversized.FAIL, Truncation.DISALLOW, IGNORE);
    }

    private static int checkMax(int maxLength) {
        return Checks.range("maxLength", maxLength, 1, Integer.MAX_VALUE - 8);
    }

    /** A copy with another maximum frame length (header included; at least 1). */
    public LengthFieldCodec withMaxLength(int maxLength) {
        return new LengthFieldCodec(checkMax(maxLength), fieldOffset, fieldLength, byteOrder, lengthAdjustment,
                bytesToStrip, lengthIncludesHeader, oversized, truncation, onDrop);
    }

    /** A copy whose length field starts {@code offset} bytes into the frame (0 by default). */
    public LengthFieldCodec withFieldOffset(int offset) {
        return new LengthFieldCodec(maxLength, Checks.range("fieldOffset", offset, 0, 1 << 16), fieldLength,
                byteOrder, lengthAdjustment, bytesToStrip, lengthIncludesHeader, oversized, truncation, onDrop);
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
        return new LengthFieldCodec(maxLength, fieldOffset, length, byteOrder, lengthAdjustment, bytesToStrip,
                lengthIncludesHeader, oversized, truncation, onDrop);
    }

    /** A copy reading the length field in {@code order} (big-endian by default). */
    public LengthFieldCodec withByteOrder(ByteOrder order) {
        return new LengthFieldCodec(maxLength, fieldOffset, fieldLength, Objects.requireNonNull(order, "order"),
                lengthAdjustment, bytesToStrip, lengthIncludesHeader, oversized, truncation, onDrop);
    }

    /** A copy adding {@code adjustment} to the field's value (Netty's lengthAdjustment; 0 by default). */
    public LengthFieldCodec withLengthAdjustment(int adjustment) {
        return new LengthFieldCodec(maxLength, fieldOffset, fieldLength, byteOrder, adjustment, bytesToStrip,
                lengthIncludesHeader, oversized, truncation, onDrop);
    }

    /**
     * A copy removing the first {@code bytes} bytes of every decoded frame (Netty's
     * initialBytesToStrip). By default the header ({@code fieldOffset + fieldLength} bytes) is
     * stripped; pass 0 to keep it.
     */
    public LengthFieldCodec withBytesToStrip(int bytes) {
        return new LengthFieldCodec(maxLength, fieldOffset, fieldLength, byteOrder, lengthAdjustment,
                Checks.range("bytesToStrip", bytes, 0, Integer.MAX_VALUE), lengthIncludesHeader, oversized,
                truncation, onDrop);
    }

    /**
     * A copy whose length field counts the header too (the bytes from the frame start to the end of
     * the field), as with Netty's {@code lengthIncludesLengthFieldLength}; false by default.
     */
    public LengthFieldCodec withLengthIncludesHeader(boolean includes) {
        return new LengthFieldCodec(maxLength, fieldOffset, fieldLength, byteOrder, lengthAdjustment, bytesToStrip,
                includes, oversized, truncation, onDrop);
    }

    /** A copy with another reaction to oversized frames ({@link Oversized#FAIL} by default). */
    public LengthFieldCodec withOversized(Oversized oversized) {
        return new LengthFieldCodec(maxLength, fieldOffset, fieldLength, byteOrder, lengthAdjustment, bytesToStrip,
                lengthIncludesHeader, Objects.requireNonNull(oversized, "oversized"), truncation, onDrop);
    }

    /** A copy with another reaction to a partial frame at the end ({@link Truncation#DISALLOW} by default). */
    public LengthFieldCodec withTruncation(Truncation truncation) {
        return new LengthFieldCodec(maxLength, fieldOffset, fieldLength, byteOrder, lengthAdjustment, bytesToStrip,
                lengthIncludesHeader, oversized, Objects.requireNonNull(truncation, "truncation"), onDrop);
    }

    /** A copy that reports frames skipped in {@link Oversized#DISCARD} mode (see {@link LineCodec#withDropListener}). */
    public LengthFieldCodec withDropListener(Consumer<DroppedFrame> listener) {
        return new LengthFieldCodec(maxLength, fieldOffset, fieldLength, byteOrder, lengthAdjustment, bytesToStrip,
                lengthIncludesHeader, oversized, truncation, Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    public int fieldOffset() {
        return fieldOffset;
    }

    public int fieldLength() {
        return fieldLength;
    }

    public ByteOrder byteOrder() {
        return byteOrder;
    }

    public int lengthAdjustment() {
        return lengthAdjustment;
    }

    /** The bytes stripped from each decoded frame (by default the header, {@code fieldOffset + fieldLength}). */
    public int bytesToStrip() {
        return bytesToStrip == STRIP_HEADER ? fieldOffset + fieldLength : bytesToStrip;
    }

    public boolean lengthIncludesHeader() {
        return lengthIncludesHeader;
    }

    public Oversized oversized() {
        return oversized;
    }

    public Truncation truncation() {
        return truncation;
    }

    /** The adjustment in Netty's sense: value + this + header end = frame length. */
    private long effectiveAdjustment() {
        return (long) lengthAdjustment - (lengthIncludesHeader ? fieldOffset + fieldLength : 0);
    }

    LengthFieldParser newParser() {
        return new LengthFieldParser(fieldOffset, fieldLength, byteOrder == ByteOrder.BIG_ENDIAN,
                effectiveAdjustment(), bytesToStrip(), maxLength, oversized == Oversized.DISCARD,
                truncation == Truncation.ALLOW, onDrop);
    }

    @Override
    public Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder() {
        return flux -> FrameDecoderFlux.decode(flux, this::newParser);
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.reactivenet.NetArgumentException {@code ERR_INVALID_ARG_VALUE} when the field offset
     *     is not 0
     */
    @Override
    public Function<Publisher<ByteBuffer>, Flux<ByteBuffer>> encoder() {
        if (fieldOffset != 0) {
            throw Checks.invalid("fieldOffset", fieldOffset, "must be 0 for the encoder");
        }
        long adjustment = effectiveAdjustment();
        int headerLength = fieldLength;
        long maxValue = fieldLength == 8 ? Long.MAX_VALUE : (1L << (8 * fieldLength)) - 1;
        boolean bigEndian = byteOrder == ByteOrder.BIG_ENDIAN;
        return frames -> Flux.from(frames).handle((frame, sink) -> {
            int n = frame.remaining();
            long total = (long) n + headerLength;
            if (total > maxLength) {
                sink.error(new FrameTooLongException(maxLength, total, false));
                return;
            }
            long value = n - adjustment;
            if (value < 0 || value > maxValue) {
                sink.error(new InvalidFrameException("A frame of " + n + " bytes gives the length field value "
                        + value + ", which a " + headerLength + "-byte field cannot hold"));
                return;
            }
            byte[] out = new byte[(int) total];
            for (int i = 0; i < headerLength; i++) {
                int shift = 8 * (bigEndian ? headerLength - 1 - i : i);
                out[i] = (byte) (value >>> shift);
            }
            frame.get(frame.position(), out, headerLength, n);
            sink.next(ByteBuffer.wrap(out));
        });
    }

    @Override
    public String toString() {
        return "LengthFieldCodec[maxLength=" + maxLength + ", fieldOffset=" + fieldOffset + ", fieldLength="
                + fieldLength + ", byteOrder=" + byteOrder + ", lengthAdjustment=" + lengthAdjustment
                + ", bytesToStrip=" + bytesToStrip() + ", lengthIncludesHeader=" + lengthIncludesHeader
                + ", oversized=" + oversized + ", truncation=" + truncation + "]";
    }
}
