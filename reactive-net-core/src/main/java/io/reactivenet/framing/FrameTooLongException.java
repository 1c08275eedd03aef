package io.reactivenet.framing;

/**
 * A frame longer than the decoder's (or encoder's) maximum frame length, code {@value
 * FramingException#ERR_FRAME_TOO_LONG}. The message names both numbers, e.g. "Maximum allowed frame
 * length is 1024 but the frame is at least 2048 bytes".
 */
public final class FrameTooLongException extends FramingException {

    private final int maxLength;
    private final long length;

    public FrameTooLongException(int maxLength, long length, boolean atLeast) {
        super(ERR_FRAME_TOO_LONG, "Maximum allowed frame length is " + maxLength + " but the frame is "
                + (atLeast ? "at least " : "") + length + " bytes");
        this.maxLength = maxLength;
        this.length = length;
    }

    /** The limit that was exceeded. */
    public int maxLength() {
        return maxLength;
    }

    /** The frame length seen (a lower bound when the end of the frame was not yet seen). */
    public long length() {
        return length;
    }
}
