package io.reactivenet.framing;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.framing.DelimiterParser;
import io.reactivenet.internal.framing.FrameDecoderFlux;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

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
public final class DelimiterCodec implements FrameCodec {

    private static final Consumer<DroppedFrame> IGNORE = d -> { };

    private final List<byte[]> delimiters;
    private final int maxLength;
    private final Oversized oversized;
    private final Truncation truncation;
    private final Consumer<DroppedFrame> onDrop;

    private DelimiterCodec(List<byte[]> delimiters, int maxLength, Oversized oversized, Truncation truncation,
            Consumer<DroppedFrame> onDrop) {
        this.delimiters = delimiters;
        this.maxLength = maxLength;
        this.oversized = oversized;
        this.truncation = truncation;
        this.onDrop = onDrop;
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
        return new DelimiterCodec(List.copyOf(copy), Checks.range("maxLength", maxLength, 1, Integer.MAX_VALUE - 8),
                Oversized.FAIL, Truncation.DISALLOW, IGNORE);
    }

    /** A copy with another maximum frame length (bytes, without the delimiter; at least 1). */
    public DelimiterCodec withMaxLength(int maxLength) {
        return new DelimiterCodec(delimiters, Checks.range("maxLength", maxLength, 1, Integer.MAX_VALUE - 8),
                oversized, truncation, onDrop);
    }

    /** A copy with another reaction to oversized frames ({@link Oversized#FAIL} by default). */
    public DelimiterCodec withOversized(Oversized oversized) {
        return new DelimiterCodec(delimiters, maxLength, Objects.requireNonNull(oversized, "oversized"), truncation,
                onDrop);
    }

    /** A copy with another reaction to a last frame without delimiter ({@link Truncation#DISALLOW} by default). */
    public DelimiterCodec withTruncation(Truncation truncation) {
        return new DelimiterCodec(delimiters, maxLength, oversized, Objects.requireNonNull(truncation, "truncation"),
                onDrop);
    }

    /** A copy that reports frames skipped in {@link Oversized#DISCARD} mode (see {@link LineCodec#withDropListener}). */
    public DelimiterCodec withDropListener(Consumer<DroppedFrame> listener) {
        return new DelimiterCodec(delimiters, maxLength, oversized, truncation,
                Objects.requireNonNull(listener, "listener"));
    }

    /** The delimiters (copies). */
    public List<byte[]> delimiters() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] d : delimiters) {
            out.add(d.clone());
        }
        return out;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    public Oversized oversized() {
        return oversized;
    }

    public Truncation truncation() {
        return truncation;
    }

    DelimiterParser newParser() {
        return new DelimiterParser(delimiters.toArray(new byte[0][]), maxLength, oversized == Oversized.DISCARD,
                truncation == Truncation.ALLOW, onDrop);
    }

    @Override
    public Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder() {
        return flux -> FrameDecoderFlux.decode(flux, this::newParser);
    }

    @Override
    public Function<Publisher<ByteBuffer>, Flux<ByteBuffer>> encoder() {
        byte[] delimiter = delimiters.get(0);
        return frames -> Flux.from(frames).handle((frame, sink) -> {
            int n = frame.remaining();
            if (n > maxLength) {
                sink.error(new FrameTooLongException(maxLength, n, false));
                return;
            }
            byte[] out = new byte[n + delimiter.length];
            frame.get(frame.position(), out, 0, n);
            System.arraycopy(delimiter, 0, out, n, delimiter.length);
            sink.next(ByteBuffer.wrap(out));
        });
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DelimiterCodec[delimiters=");
        for (byte[] d : delimiters) {
            sb.append(HexFormat.of().formatHex(d)).append(' ');
        }
        return sb.append("maxLength=").append(maxLength).append(", oversized=").append(oversized)
                .append(", truncation=").append(truncation).append(']').toString();
    }
}
