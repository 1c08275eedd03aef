package io.reactivenet.text;

import java.nio.ByteBuffer;

/**
 * A streaming UTF-8 decoder with the WHATWG Encoding Standard's error handling, which is what
 * Node's {@code StringDecoder} (and so {@code socket.setEncoding('utf8')}) does: every maximal
 * invalid subsequence becomes one U+FFFD, and an incomplete sequence at the end becomes one
 * U+FFFD. A sequence split across chunks is carried over (at most three bytes of state). Not
 * thread-safe; one per stream.
 */
final class Utf8Decoder {

    private static final char REPLACEMENT = '\uFFFD';

    private int codePoint;
    private int bytesSeen;
    private int bytesNeeded;
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Decodes the remaining bytes of {@code in} (without moving its position). */
    String decode(ByteBuffer in) {
        int from = in.position();
        int to = in.limit();
        if (in.hasArray()) {
            int off = in.arrayOffset();
            return decode(in.array(), off + from, off + to);
        }
        byte[] copy = new byte[to - from];
        in.get(from, copy);
        return decode(copy, 0, copy.length);
    }

    /** Decodes {@code a[from, to)}. */
    String decode(byte[] a, int from, int to) {
        char[] out = new char[to - from + 2];
        int n = 0;
        int i = from;
        while (i < to) {
            int b = a[i];
            if (bytesNeeded == 0) {
                if (b >= 0) {
                    // ASCII run: the common case, one compare per byte.
                    out[n++] = (char) b;
                    i++;
                    while (i < to && (b = a[i]) >= 0) {
                        out[n++] = (char) b;
                        i++;
                    }
                    continue;
                }
                b &= 0xFF;
                i++;
                if (b >= 0xC2 && b <= 0xDF) {
                    bytesNeeded = 1;
                    codePoint = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    if (b == 0xE0) {
                        lower = 0xA0;
                    } else if (b == 0xED) {
                        upper = 0x9F;
                    }
                    bytesNeeded = 2;
                    codePoint = b & 0x0F;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    if (b == 0xF0) {
                        lower = 0x90;
                    } else if (b == 0xF4) {
                        upper = 0x8F;
                    }
                    bytesNeeded = 3;
                    codePoint = b & 0x07;
                } else {
                    out[n++] = REPLACEMENT;
                }
                continue;
            }
            b &= 0xFF;
            if (b < lower || b > upper) {
                // The byte is not part of the sequence: replace the sequence, then decode the byte anew.
                reset();
                out[n++] = REPLACEMENT;
                continue;
            }
            i++;
            lower = 0x80;
            upper = 0xBF;
            codePoint = (codePoint << 6) | (b & 0x3F);
            if (++bytesSeen == bytesNeeded) {
                if (codePoint < 0x10000) {
                    out[n++] = (char) codePoint;
                } else {
                    out[n++] = Character.highSurrogate(codePoint);
                    out[n++] = Character.lowSurrogate(codePoint);
                }
                reset();
            }
        }
        return n == 0 ? "" : new String(out, 0, n);
    }

    /** Ends the stream: a U+FFFD for an incomplete sequence, else the empty string. */
    String finish() {
        if (bytesNeeded != 0) {
            reset();
            return String.valueOf(REPLACEMENT);
        }
        return "";
    }

    /** Whether bytes of an incomplete sequence are held. */
    boolean pending() {
        return bytesNeeded != 0;
    }

    private void reset() {
        codePoint = 0;
        bytesSeen = 0;
        bytesNeeded = 0;
        lower = 0x80;
        upper = 0xBF;
    }
}
