package io.reactivenet.framing;

/**
 * A length header that no frame can have (a negative length, a length shorter than the header,
 * more bytes to strip than the frame holds), or a frame an encoder cannot encode (wrong size for
 * a fixed-length codec, a length that does not fit the length field). Code {@value
 * FramingException#ERR_FRAME_INVALID}. The decoder cannot resynchronise after it, so it always fails
 * the stream, whatever the {@link Oversized} mode.
 */
public final class InvalidFrameException extends FramingException {

    public InvalidFrameException(String message) {
        super(ERR_FRAME_INVALID, message);
    }
}
