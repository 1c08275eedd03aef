package io.reactivenet.testing.chaos;

import io.reactivenet.testing.Bytes;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Checks, as bytes arrive, that they are a prefix of what was sent: nothing lost in the middle,
 * duplicated, reordered or corrupted; and hashes them (SHA-256) without keeping them. Thread-safe
 * for one producer (a Flux's onNext).
 */
public final class PrefixCheck implements Consumer<ByteBuffer> {

    private final byte[] sent;
    private final int length;
    private final Bytes.Sha256 sha = new Bytes.Sha256();
    private volatile long received;
    private volatile long firstMismatch = -1;

    /** Expects a prefix of {@code sent[0..length)}. */
    public PrefixCheck(byte[] sent, int length) {
        this.sent = sent;
        this.length = length;
    }

    @Override
    public void accept(ByteBuffer chunk) {
        sha.update(chunk);
        long at = received;
        for (int i = chunk.position(); i < chunk.limit(); i++, at++) {
            if (firstMismatch < 0 && (at >= length || chunk.get(i) != sent[(int) at])) {
                firstMismatch = at;
            }
        }
        received = at;
    }

    public long received() {
        return received;
    }

    /** The offset of the first byte that differs from what was sent (or lies past its end), or -1. */
    public long firstMismatch() {
        return firstMismatch;
    }

    /** Whether all {@code length} bytes arrived, and nothing else. */
    public boolean complete() {
        return firstMismatch < 0 && received == length;
    }

    /** The SHA-256 of the bytes received. Call once, after the stream ended. */
    public String sha256() {
        return sha.hex();
    }

    @Override
    public String toString() {
        return received + " of " + length + " B received" + (firstMismatch >= 0 ? ", FIRST MISMATCH AT " + firstMismatch : "");
    }
}
