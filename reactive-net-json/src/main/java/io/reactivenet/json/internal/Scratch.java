package io.reactivenet.json.internal;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A reusable growable byte sink for the encoders: one per subscription (encoding is serial there),
 * so a value is serialized into warm memory and copied once, with its framing, into an exact-size
 * buffer that the socket then owns. Not thread-safe.
 */
public final class Scratch extends OutputStream {

    private byte[] buf = new byte[512];
    private int count;

    public void reset() {
        count = 0;
        // One huge message must not pin its buffer for the rest of the stream.
        if (buf.length > 1 << 16) {
            buf = new byte[512];
        }
    }

    public int size() {
        return count;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    /** The bytes written, followed by {@code suffix}, in a new buffer. */
    public ByteBuffer withSuffix(byte suffix) {
        byte[] out = new byte[count + 1];
        System.arraycopy(buf, 0, out, 0, count);
        out[count] = suffix;
        return ByteBuffer.wrap(out);
    }

    /** A 4-byte big-endian length header, then the bytes written, in a new buffer. */
    public ByteBuffer withLengthHeader() {
        byte[] out = new byte[count + 4];
        out[0] = (byte) (count >>> 24);
        out[1] = (byte) (count >>> 16);
        out[2] = (byte) (count >>> 8);
        out[3] = (byte) count;
        System.arraycopy(buf, 0, out, 4, count);
        return ByteBuffer.wrap(out);
    }
}
