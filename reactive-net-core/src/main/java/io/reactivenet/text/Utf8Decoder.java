package io.reactivenet.text;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

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
    private int stoppedAt;

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

    /**
     * Decodes {@code a[from, to)}. Fast path: the JDK's decoder (intrinsified, Latin-1 strings for
     * ASCII) on the longest prefix that ends on a character boundary, kept only if it produced no
     * U+FFFD, since the JDK agrees with WHATWG on valid input but not on every malformed one. The
     * rest, and any chunk with malformed bytes, goes through the WHATWG state machine.
     */
    String decode(byte[] a, int from, int to) {
        int i = from;
        String head = "";
        if (bytesNeeded != 0) {
            char[] out = new char[8];
            int n = run(a, from, to, out, 0, true);
            i = stoppedAt;
            head = n == 0 ? "" : new String(out, 0, n);
            if (i == to) {
                return head;
            }
        }
        int cut = cutPoint(a, i, to);
        String body = "";
        if (cut > i) {
            body = new String(a, i, cut - i, StandardCharsets.UTF_8);
            if (body.indexOf(REPLACEMENT) >= 0) {
                body = slow(a, i, to);
                cut = to;
            }
        }
        String tail = cut < to ? slow(a, cut, to) : "";
        if (head.isEmpty() && tail.isEmpty()) {
            return body;
        }
        return head + body + tail;
    }

    /**
     * Where the incomplete character at the end of {@code a[from, to)} starts (so that the JDK never
     * sees half a character), or {@code to}.
     */
    private static int cutPoint(byte[] a, int from, int to) {
        int j = to - 1;
        int k = 0;
        while (j >= from && k < 3 && (a[j] & 0xC0) == 0x80) {
            j--;
            k++;
        }
        if (j < from) {
            return to;
        }
        int b = a[j] & 0xFF;
        int need = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return to - j < need ? j : to;
    }

    private String slow(byte[] a, int from, int to) {
        char[] out = new char[to - from + 2];
        int n = run(a, from, to, out, 0, false);
        return n == 0 ? "" : new String(out, 0, n);
    }

    /**
     * The WHATWG state machine over {@code a[from, to)}, appending to {@code out} from {@code n};
     * returns the new length. With {@code untilClean} it stops (setting {@link #stoppedAt}) as soon as
     * no sequence is pending.
     */
    private int run(byte[] a, int from, int to, char[] out, int n, boolean untilClean) {
        int i = from;
        while (i < to) {
            if (untilClean && bytesNeeded == 0) {
                break;
            }
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
        stoppedAt = i;
        return n;
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
