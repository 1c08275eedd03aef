package io.reactivenet.framing;

/**
 * What a decoder does with a frame longer than its maximum frame length.
 *
 * <p>Node has no counterpart: a hand-written Node splitter either grows its buffer without bound
 * or checks the length itself and destroys the socket.
 */
public enum Oversized {
    /**
     * The default: end the decoded stream with a {@link FrameTooLongException} as soon as the frame
     * is known to be too long. Every complete frame before it has been delivered.
     */
    FAIL,
    /**
     * Skip the frame (up to the next delimiter, or past the length its header declared), report it
     * through the codec's drop listener as a {@link DroppedFrame}, and go on decoding. The skipped
     * bytes are never buffered beyond the maximum frame length.
     */
    DISCARD
}
