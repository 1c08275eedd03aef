package io.reactivenet.framing;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.framing.FrameDecoderFlux;
import io.reactivenet.internal.framing.LineParser;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Lines: frames that end with {@code '\n'}; by default a {@code '\r'} just before it is dropped too,
 * so {@code "a\r\nb\n"} decodes to {@code "a"}, {@code "b"}. Emitted frames never hold the line
 * ending. The encoder appends {@code '\n'} to every frame (it does not check that the frame holds
 * none). Get one with {@link Framing#lines(int)}.
 *
 * <p>Node counterpart: {@code readline.createInterface({input: socket, crlfDelay: Infinity})}, or
 * the usual {@code buf += chunk; let i; while ((i = buf.indexOf('\n')) >= 0) ...} by hand; neither
 * has a length limit.
 *
 * <pre>{@code
 * Flux<ByteBuffer> lines = socket.inbound().transform(Framing.lines(8192).decoder());
 * }</pre>
 *
 * <p>The maximum length counts the bytes of the line without its ending. A longer line fails the
 * stream with a {@link FrameTooLongException} as soon as more bytes than that arrived without a
 * {@code '\n'} (in {@link Oversized#DISCARD} mode it is skipped up to the next {@code '\n'}). A last
 * line without {@code '\n'} is a {@link TruncatedFrameException} unless {@link Truncation#ALLOW}.
 * Threading, backpressure and buffer ownership: see {@link FrameCodec}. Immutable and thread-safe.
 */
public final class LineCodec implements FrameCodec {

    private static final Consumer<DroppedFrame> IGNORE = d -> { };

    private final int maxLength;
    private final boolean stripCarriageReturn;
    private final Oversized oversized;
    private final Truncation truncation;
    private final Consumer<DroppedFrame> onDrop;

    private LineCodec(int maxLength, boolean stripCarriageReturn, Oversized oversized, Truncation truncation,
            Consumer<DroppedFrame> onDrop) {
        this.maxLength = maxLength;
        this.stripCarriageReturn = stripCarriageReturn;
        this.oversized = oversized;
        this.truncation = truncation;
        this.onDrop = onDrop;
    }

    static LineCodec of(int maxLength) {
        return new LineCodec(Checks.range("maxLength", maxLength, 1, Integer.MAX_VALUE - 8), true,
                Oversized.FAIL, Truncation.DISALLOW, IGNORE);
    }

    /** A copy with another maximum line length (bytes, without the line ending; at least 1). */
    public LineCodec withMaxLength(int maxLength) {
        return new LineCodec(Checks.range("maxLength", maxLength, 1, Integer.MAX_VALUE - 8),
                stripCarriageReturn, oversized, truncation, onDrop);
    }

    /** A copy that drops (true, the default) or keeps (false) a {@code '\r'} just before {@code '\n'}. */
    public LineCodec withStripCarriageReturn(boolean strip) {
        return new LineCodec(maxLength, strip, oversized, truncation, onDrop);
    }

    /** A copy with another reaction to oversized lines ({@link Oversized#FAIL} by default). */
    public LineCodec withOversized(Oversized oversized) {
        return new LineCodec(maxLength, stripCarriageReturn, Objects.requireNonNull(oversized, "oversized"),
                truncation, onDrop);
    }

    /** A copy with another reaction to a last line without {@code '\n'} ({@link Truncation#DISALLOW} by default). */
    public LineCodec withTruncation(Truncation truncation) {
        return new LineCodec(maxLength, stripCarriageReturn, oversized,
                Objects.requireNonNull(truncation, "truncation"), onDrop);
    }

    /**
     * A copy that reports every line skipped in {@link Oversized#DISCARD} mode to {@code listener},
     * called on the thread that decodes, before the next frame is emitted. An exception it throws
     * fails the stream.
     */
    public LineCodec withDropListener(Consumer<DroppedFrame> listener) {
        return new LineCodec(maxLength, stripCarriageReturn, oversized, truncation,
                Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    /** Whether a {@code '\r'} before {@code '\n'} is dropped. */
    public boolean stripCarriageReturn() {
        return stripCarriageReturn;
    }

    public Oversized oversized() {
        return oversized;
    }

    public Truncation truncation() {
        return truncation;
    }

    /** A new parser with this codec's settings; one per subscription. */
    LineParser newParser() {
        return new LineParser(maxLength, stripCarriageReturn, oversized == Oversized.DISCARD,
                truncation == Truncation.ALLOW, onDrop);
    }

    @Override
    public Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder() {
        return flux -> FrameDecoderFlux.decode(flux, this::newParser);
    }

    @Override
    public Function<Publisher<ByteBuffer>, Flux<ByteBuffer>> encoder() {
        return frames -> Flux.from(frames).handle((frame, sink) -> {
            int n = frame.remaining();
            if (n > maxLength) {
                sink.error(new FrameTooLongException(maxLength, n, false));
                return;
            }
            byte[] out = new byte[n + 1];
            frame.get(frame.position(), out, 0, n);
            out[n] = '\n';
            sink.next(ByteBuffer.wrap(out));
        });
    }

    @Override
    public String toString() {
        return "LineCodec[maxLength=" + maxLength + ", stripCarriageReturn=" + stripCarriageReturn
                + ", oversized=" + oversized + ", truncation=" + truncation + "]";
    }
}
