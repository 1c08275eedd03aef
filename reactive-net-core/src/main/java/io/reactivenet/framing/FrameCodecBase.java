package io.reactivenet.framing;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.framing.FrameDecoderFlux;
import io.reactivenet.internal.framing.FrameSplitter;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * What the four codecs share, written once: the limits every decoder obeys (maximum length,
 * {@link Oversized}, {@link Truncation}, the drop listener) and their copy-on-change setters, the
 * decoder (the framing operator with a new {@link FrameSplitter} per subscription) and the encoder
 * (one output buffer per frame; a frame that cannot be encoded fails the stream). A codec adds its
 * own settings, a splitter factory, the encoding of one frame, and how to copy itself with other
 * limits. Its public {@code with…} methods are one-line calls to the setters here, so that each
 * codec keeps its own documented API. Immutable: every field is final, every change is a copy.
 *
 * @param <C> the codec type, which the setters return
 */
abstract class FrameCodecBase<C extends FrameCodecBase<C>> implements FrameCodec {

    /** The largest frame a Java array can hold on common JVMs. */
    static final int MAX_FRAME_LENGTH = Integer.MAX_VALUE - 8;

    /** The limits a decoder obeys; a value, so that a copy changes exactly one of them. */
    record Limits(int maxLength, Oversized oversized, Truncation truncation, Consumer<DroppedFrame> onDrop) {

        private static final Consumer<DroppedFrame> IGNORE = d -> { };

        /** {@code maxLength} (checked as {@code name}), FAIL on oversized frames, truncation disallowed. */
        static Limits of(String name, int maxLength) {
            return new Limits(checkLength(name, maxLength), Oversized.FAIL, Truncation.DISALLOW, IGNORE);
        }

        boolean discardOversized() {
            return oversized == Oversized.DISCARD;
        }

        boolean allowTruncation() {
            return truncation == Truncation.ALLOW;
        }
    }

    final Limits limits;

    FrameCodecBase(Limits limits) {
        this.limits = limits;
    }

    static int checkLength(String name, int length) {
        return Checks.range(name, length, 1, MAX_FRAME_LENGTH);
    }

    /** This codec with other limits and the same settings of its own. */
    abstract C with(Limits limits);

    /** A new splitter with this codec's settings: one per subscription. */
    abstract FrameSplitter newSplitter();

    /**
     * How to encode one frame into a new buffer the subscriber owns, throwing a {@link
     * FramingException} for a frame this codec cannot encode; asked for once per {@link #encoder()}
     * call, which it may fail for settings that no encoder supports.
     */
    abstract UnaryOperator<ByteBuffer> frameEncoder();

    final C maxLengthCopy(int maxLength) {
        return with(new Limits(checkLength("maxLength", maxLength), limits.oversized, limits.truncation,
                limits.onDrop));
    }

    final C oversizedCopy(Oversized oversized) {
        return with(new Limits(limits.maxLength, Objects.requireNonNull(oversized, "oversized"), limits.truncation,
                limits.onDrop));
    }

    final C truncationCopy(Truncation truncation) {
        return with(new Limits(limits.maxLength, limits.oversized, Objects.requireNonNull(truncation, "truncation"),
                limits.onDrop));
    }

    final C dropListenerCopy(Consumer<DroppedFrame> listener) {
        return with(new Limits(limits.maxLength, limits.oversized, limits.truncation,
                Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public int maxLength() {
        return limits.maxLength;
    }

    /** The reaction to a stream that ends inside a frame. */
    public Truncation truncation() {
        return limits.truncation;
    }

    @Override
    public final Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder() {
        return flux -> FrameDecoderFlux.decode(flux, this::newSplitter);
    }

    @Override
    public Function<Publisher<ByteBuffer>, Flux<ByteBuffer>> encoder() {
        UnaryOperator<ByteBuffer> encode = frameEncoder();
        return frames -> Flux.from(frames).handle((frame, sink) -> {
            ByteBuffer out;
            try {
                out = encode.apply(frame);
            } catch (FramingException e) {
                sink.error(e);
                return;
            }
            sink.next(out);
        });
    }

    /** {@code frame} followed by {@code delimiter} in a new buffer; fails for a frame over the maximum length. */
    final ByteBuffer appendDelimiter(ByteBuffer frame, byte[] delimiter) {
        int n = frame.remaining();
        if (n > limits.maxLength) {
            throw new FrameTooLongException(limits.maxLength, n, false);
        }
        byte[] out = new byte[n + delimiter.length];
        frame.get(frame.position(), out, 0, n);
        System.arraycopy(delimiter, 0, out, n, delimiter.length);
        return ByteBuffer.wrap(out);
    }
}
