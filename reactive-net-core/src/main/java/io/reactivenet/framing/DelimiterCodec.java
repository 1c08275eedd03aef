package io.reactivenet.framing;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.framing.DelimiterSplitter;
import io.reactivenet.internal.framing.FrameSplitter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Frames ended by a delimiter, or by any of several. Emitted frames never hold the delimiter. A
 * frame ends where the first delimiter ends; when several end at the same byte, the longest one is
 * taken: with {@code "\n"} and {@code "\r\n"}, {@code "a\r\nb\n"} gives {@code "a"}, {@code "b"}.
 * (Netty's DelimiterBasedFrameDecoder instead takes the delimiter giving the shortest frame in the
 * bytes buffered so far, which can depend on how the input was chunked; ours does not.) The
 * encoder appends the first delimiter to every frame and does not check that the frame holds none.
 * Get one with {@link Framing#delimiter(String, int)} and its overloads.
 *
 * <p>Node counterpart: none; by hand, {@code buf.indexOf(delim)} in a loop in the {@code 'data'}
 * handler.
 *
 * <p>The maximum length counts the bytes of a frame without its delimiter; oversized frames fail
 * the stream with a {@link FrameTooLongException} as soon as they are known to be too long, or are
 * skipped up to the next delimiter in {@link Oversized#DISCARD} mode. A last frame without a
 * delimiter is a {@link TruncatedFrameException} unless {@link Truncation#ALLOW}. Threading,
 * backpressure and buffer ownership: see {@link FrameCodec}. Immutable and thread-safe.
 */
public final class DelimiterCodec extends FrameCodecBase<DelimiterCodec> {

    private final List<byte[]> delimiters;

    private DelimiterCodec(Limits limits, List<byte[]> delimiters) {
        super(limits);
        this.delimiters = delimiters;
    }

    static DelimiterCodec of(List<byte[]> delimiters, int maxLength) {
        Objects.requireNonNull(delimiters, "delimiters");
        if (delimiters.isEmpty()) {
            throw Checks.invalid("delimiters", "[]", "must hold at least one delimiter");
        }
        List<byte[]> copy = new ArrayList<>();
        for (byte[] d : delimiters) {
            Objects.requireNonNull(d, "delimiter");
            if (d.length == 0) {
                throw Checks.invalid("delimiter", "an empty array", "must not be empty");
            }
            copy.add(d.clone());
        }
        return new DelimiterCodec(Limits.of("maxLength", maxLength), List.copyOf(copy));
    }

    @Override
    DelimiterCodec with(Limits limits) {
        return new DelimiterCodec(limits, delimiters);
    }

    /** A copy with another maximum frame length (bytes, without the delimiter; at least 1). */
    public DelimiterCodec withMaxLength(int maxLength) {
        return maxLengthCopy(maxLength);
    }

    /** A copy with another reaction to oversized frames ({@link Oversized#FAIL} by default). */
    public DelimiterCodec withOversized(Oversized oversized) {
        return oversizedCopy(oversized);
    }

    /** A copy with another reaction to a last frame without delimiter ({@link Truncation#DISALLOW} by default). */
    public DelimiterCodec withTruncation(Truncation truncation) {
        return truncationCopy(truncation);
    }

    /** A copy that reports frames skipped in {@link Oversized#DISCARD} mode (see {@link LineCodec#withDropListener}). */
    public DelimiterCodec withDropListener(Consumer<DroppedFrame> listener) {
        return dropListenerCopy(listener);
    }

    /** The delimiters (copies). */
    public List<byte[]> delimiters() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] d : delimiters) {
            out.add(d.clone());
        }
        return out;
    }

    public Oversized oversized() {
        return limits.oversized();
    }

    @Override
    FrameSplitter newSplitter() {
        return new DelimiterSplitter(delimiters.toArray(new byte[0][]), limits.maxLength(),
                limits.discardOversized(), limits.allowTruncation(), limits.onDrop());
    }

    @Override
    UnaryOperator<ByteBuffer> frameEncoder() {
        byte[] delimiter = delimiters.get(0);
        return frame -> appendDelimiter(frame, delimiter);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DelimiterCodec[delimiters=");
        for (byte[] d : delimiters) {
            sb.append(HexFormat.of().formatHex(d)).append(' ');
        }
        return sb.append("maxLength=").append(limits.maxLength()).append(", oversized=").append(limits.oversized())
                .append(", truncation=").append(limits.truncation()).append(']').toString();
    }
}
