package io.reactivenet.framing;

/**
 * An oversized frame that a decoder in {@link Oversized#DISCARD} mode skipped.
 *
 * <p>Node counterpart: none; a hand-written splitter would log and drop the bytes itself.
 *
 * @param length the number of frame bytes skipped (without the delimiter; with the header for
 *     length-field frames). When a stream ended in the middle of a discarded frame, the bytes seen.
 * @param maxLength the decoder's maximum frame length that the frame exceeded
 */
public record DroppedFrame(long length, int maxLength) {
}
