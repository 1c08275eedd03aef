package io.reactivenet.framing;

import io.reactivenet.internal.framing.DelimiterSplitter;
import io.reactivenet.internal.framing.FrameSplitter;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

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
public final class LineCodec extends FrameCodecBase<LineCodec> {

    private static final byte[] LF = {'\n'};

    private final boolean stripCarriageReturn;

    private LineCodec(Limits limits, boolean stripCarriageReturn) {
        super(limits);
        this.stripCarriageReturn = stripCarriageReturn;
    }

    static LineCodec of(int maxLength) {
        return new LineCodec(Limits.of("maxLength", maxLength), true);
    }

    @Override
    LineCodec with(Limits limits) {
        return new LineCodec(limits, stripCarriageReturn);
    }

    /** A copy with another maximum line length (bytes, without the line ending; at least 1). */
    public LineCodec withMaxLength(int maxLength) {
        return maxLengthCopy(maxLength);
    }

    /** A copy that drops (true, the default) or keeps (false) a {@code '\r'} just before {@code '\n'}. */
    public LineCodec withStripCarriageReturn(boolean strip) {
        return new LineCodec(limits, strip);
    }

    /** A copy with another reaction to oversized lines ({@link Oversized#FAIL} by default). */
    public LineCodec withOversized(Oversized oversized) {
        return oversizedCopy(oversized);
    }

    /** A copy with another reaction to a last line without {@code '\n'} ({@link Truncation#DISALLOW} by default). */
    public LineCodec withTruncation(Truncation truncation) {
        return truncationCopy(truncation);
    }

    /**
     * A copy that reports every line skipped in {@link Oversized#DISCARD} mode to {@code listener},
     * called on the thread that decodes, before the next frame is emitted. An exception it throws
     * fails the stream.
     */
    public LineCodec withDropListener(Consumer<DroppedFrame> listener) {
        return dropListenerCopy(listener);
    }

    /** Whether a {@code '\r'} before {@code '\n'} is dropped. */
    public boolean stripCarriageReturn() {
        return stripCarriageReturn;
    }

    public Oversized oversized() {
        return limits.oversized();
    }

    /** Lines are frames ended by {@code "\n"}, or by {@code "\r\n"} too when the {@code '\r'} is dropped. */
    @Override
    FrameSplitter newSplitter() {
        return DelimiterSplitter.lines(limits.maxLength(), stripCarriageReturn, limits.discardOversized(),
                limits.allowTruncation(), limits.onDrop());
    }

    @Override
    UnaryOperator<ByteBuffer> frameEncoder() {
        return frame -> appendDelimiter(frame, LF);
    }

    @Override
    public String toString() {
        return "LineCodec[maxLength=" + limits.maxLength() + ", stripCarriageReturn=" + stripCarriageReturn
                + ", oversized=" + limits.oversized() + ", truncation=" + limits.truncation() + "]";
    }
}
