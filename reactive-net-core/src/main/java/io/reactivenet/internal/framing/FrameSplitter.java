package io.reactivenet.internal.framing;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Splits a byte stream into frames: the per-subscription state of one framing decoder, which pulls
 * frames out of the input chunks one at a time. (Not to be confused with the JSON module's message
 * parser, which turns one frame into a JSON value.) Not thread-safe: {@link FrameDecoderFlux}
 * calls it from its drain loop only.
 */
public abstract class FrameSplitter {

    /**
     * Returns the next frame, consuming its bytes from {@code in}; or returns null once {@code in}
     * has no bytes left (they are then kept as part of a pending frame, or skipped). The splitter owns
     * {@code in}: a frame inside it may be returned as a slice of it.
     *
     * @throws io.reactivenet.framing.FramingException for an oversized (in FAIL mode) or invalid frame
     */
    public abstract @Nullable ByteBuffer next(ByteBuffer in);

    /**
     * Called once when the input completed and every chunk was consumed: returns a last partial
     * frame (truncation allowed), or null when nothing is pending.
     *
     * @throws io.reactivenet.framing.TruncatedFrameException when bytes are pending and truncation
     *     is not allowed
     */
    public abstract @Nullable ByteBuffer finish();

    /** The number of bytes held for the frame being assembled (the memory this splitter keeps). */
    public abstract long buffered();

    /** Drops everything pending (cancel and error). */
    public abstract void clear();
}
