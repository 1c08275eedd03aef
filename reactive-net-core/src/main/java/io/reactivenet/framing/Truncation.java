package io.reactivenet.framing;

/**
 * What a decoder does with a partial frame left when its input completes.
 *
 * <p>Node counterpart: what a hand-written splitter does in its {@code 'end'} handler with the
 * bytes still in its buffer.
 */
public enum Truncation {
    /** The default: end with a {@link TruncatedFrameException} that names the bytes left over. */
    DISALLOW,
    /** Emit the bytes left over as a last (short) frame, then complete. */
    ALLOW
}
