package io.reactivenet.framing;

/**
 * The input completed inside a frame and the decoder runs with {@link Truncation#DISALLOW}, code
 * {@value FramingException#ERR_FRAME_TRUNCATED}. The message names the bytes left over, e.g.
 * "Stream ended inside a frame: 17 bytes left over".
 */
public final class TruncatedFrameException extends FramingException {

    private final long bytesLeft;

    public TruncatedFrameException(long bytesLeft, String detail) {
        super(ERR_FRAME_TRUNCATED, "Stream ended inside a frame: " + bytesLeft + " bytes left over" + detail);
        this.bytesLeft = bytesLeft;
    }

    /** The number of bytes of the incomplete frame. */
    public long bytesLeft() {
        return bytesLeft;
    }
}
