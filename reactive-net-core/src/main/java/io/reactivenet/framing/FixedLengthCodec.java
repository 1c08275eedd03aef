package io.reactivenet.framing;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.framing.FixedLengthParser;
import io.reactivenet.internal.framing.FrameDecoderFlux;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

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
public final class FixedLengthCodec implements FrameCodec {

    private final int length;
    private final Truncation truncation;

    private FixedLengthCodec(int length, Truncation truncation) {
        this.length = length;
        this.truncation = truncation;
    }

    static FixedLengthCodec of(int length) {
        return new FixedLengthCodec(Checks.range("length", length, 1, Integer.MAX_VALUE - 8), Truncation.DISALLOW);
    }

    /** A copy with another reaction to a partial last frame ({@link Truncation#DISALLOW} by default). */
    public FixedLengthCodec withTruncation(Truncation truncation) {
        return new FixedLengthCodec(length, Objects.requireNonNull(truncation, "truncation"));
    }

    /** The frame length. */
    public int length() {
        return length;
    }

    @Override
    public int maxLength() {
        return length;
    }

    public Truncation truncation() {
        return truncation;
    }

    FixedLengthParser newParser() {
        return new FixedLengthParser(length, truncation == Truncation.ALLOW);
    }

    @Override
    public Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder() {
        return flux -> FrameDecoderFlux.decode(flux, this::newParser);
    }

    @Override
    public Function<Publisher<ByteBuffer>, Flux<ByteBuffer>> encoder() {
        return frames -> Flux.from(frames).handle((frame, sink) -> {
            if (frame.remaining() != length) {
                sink.error(new InvalidFrameException("A frame of " + frame.remaining()
                        + " bytes cannot be encoded as a fixed-length frame of " + length + " bytes"));
                return;
            }
            sink.next(frame);
        });
    }

    @Override
    public String toString() {
        return "FixedLengthCodec[length=" + length + ", truncation=" + truncation + "]";
    }
}
