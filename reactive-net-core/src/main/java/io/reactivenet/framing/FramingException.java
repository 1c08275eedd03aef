package io.reactivenet.framing;

import io.reactivenet.NetException;

/**
 * A framing failure, delivered as the {@code onError} signal of a decoded (or encoded) stream, with
 * a Node-style {@link #code()}. Every complete frame before the failure has been delivered.
 *
 * <p>Node counterpart: none, as Node has no framing; a hand-written Node splitter throws its own
 * {@code Error} or destroys the socket. Delivered as a signal, never thrown by the operators; the
 * decoder has already cancelled its upstream and dropped its buffered bytes when it is signalled.
 *
 * <p>Subclasses: {@link FrameTooLongException} ({@value #ERR_FRAME_TOO_LONG}), {@link
 * TruncatedFrameException} ({@value #ERR_FRAME_TRUNCATED}) and {@link InvalidFrameException}
 * ({@value #ERR_FRAME_INVALID}).
 */
public class FramingException extends NetException {

    /** A frame is longer than the maximum frame length. */
    public static final String ERR_FRAME_TOO_LONG = "ERR_FRAME_TOO_LONG";
    /** The input ended inside a frame. */
    public static final String ERR_FRAME_TRUNCATED = "ERR_FRAME_TRUNCATED";
    /** A length header cannot be valid, or an encoder was given a frame it cannot encode. */
    public static final String ERR_FRAME_INVALID = "ERR_FRAME_INVALID";

    public FramingException(String code, String message) {
        super(code, message);
    }
}
