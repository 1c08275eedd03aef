package io.reactivenet.internal.framing;

import io.reactivenet.framing.DroppedFrame;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.TruncatedFrameException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Frames ended by one of several delimiters; lines are the case {@code "\n"} (or {@code "\n"} and
 * {@code "\r\n"} to drop a {@code '\r'} before the {@code '\n'}), see {@link #lines}. A frame ends
 * where the first delimiter ends; when several end at the same byte, the longest wins (so with
 * {@code "\n"} and {@code "\r\n"}, {@code "a\r\n"} is {@code "a"}). This rule does not depend on how
 * the input is chunked.
 *
 * <p>Bytes are scanned once: the last {@code longest - 1} bytes of an incomplete frame are kept to
 * find a delimiter that straddles two chunks. When every delimiter ends with the same byte (lines,
 * {@code "\r\n"}, any single delimiter), the search looks for that byte alone, eight bytes at a time
 * ({@link ByteSearch}), and checks the delimiters backwards from each hit; otherwise the next match
 * of each delimiter in a chunk is searched for and cached.
 */
public final class DelimiterSplitter extends FrameSplitter {

    private static final byte[] LF = {'\n'};
    private static final byte[] CRLF = {'\r', '\n'};

    /** Longest first, so that the first one found to end at a byte is the one that wins there. */
    private final byte[][] delimiters;
    private final int longest;
    /** The byte every delimiter ends with, or -1 when they end with different bytes. */
    private final int commonLastByte;
    /** With a common last byte: 1 when that byte alone is a delimiter, else 0. */
    private final int singleByteLength;
    /** With a common last byte: the bytes that stand just before it in the longer delimiters. */
    private final boolean[] beforeLast = new boolean[256];
    private final int maxLength;
    private final boolean discardOversized;
    private final boolean allowTruncation;
    private final Consumer<DroppedFrame> onDrop;
    /** What a truncated frame lacks, for the message: "'\n'" or "delimiter". */
    private final String ending;

    private final PendingBytes pending = new PendingBytes();
    /** The last bytes (at most longest - 1) of the pending or discarded frame. */
    private final byte[] tail;
    private int tailLength;
    private boolean discarding;
    private long discarded;
    /** The length of the delimiter the last search found. */
    private int matchLength;

    // Per chunk, when the delimiters end with different bytes: where each delimiter next starts at
    // or after the position it was searched from.
    private @Nullable ByteBuffer cachedFor;
    private final int[] nextStart;

    public DelimiterSplitter(byte[][] delimiters, int maxLength, boolean discardOversized, boolean allowTruncation,
            Consumer<DroppedFrame> onDrop) {
        this(delimiters, maxLength, discardOversized, allowTruncation, onDrop, "delimiter");
    }

    private DelimiterSplitter(byte[][] delimiters, int maxLength, boolean discardOversized, boolean allowTruncation,
            Consumer<DroppedFrame> onDrop, String ending) {
        this.delimiters = delimiters.clone();
        Arrays.sort(this.delimiters, Comparator.comparingInt((byte[] d) -> d.length).reversed());
        this.longest = this.delimiters[0].length;
        byte last = this.delimiters[0][longest - 1];
        boolean common = true;
        for (byte[] d : delimiters) {
            common &= d[d.length - 1] == last;
        }
        this.commonLastByte = common ? last & 0xFF : -1;
        int single = 0;
        for (byte[] d : delimiters) {
            if (d.length == 1) {
                single = 1;
            } else {
                beforeLast[d[d.length - 2] & 0xFF] = true;
            }
        }
        this.singleByteLength = single;
        this.maxLength = maxLength;
        this.discardOversized = discardOversized;
        this.allowTruncation = allowTruncation;
        this.onDrop = onDrop;
        this.ending = ending;
        this.tail = new byte[longest - 1];
        this.nextStart = new int[delimiters.length];
    }

    /** Lines: frames ended by {@code '\n'}, and with {@code stripCr} by {@code "\r\n"} too (the longer wins). */
    public static DelimiterSplitter lines(int maxLength, boolean stripCr, boolean discardOversized,
            boolean allowTruncation, Consumer<DroppedFrame> onDrop) {
        return new DelimiterSplitter(stripCr ? new byte[][] {CRLF, LF} : new byte[][] {LF}, maxLength,
                discardOversized, allowTruncation, onDrop, "'\\n'");
    }

    @Override
    public @Nullable ByteBuffer next(ByteBuffer in) {
        for (;;) {
            int start = in.position();
            int limit = in.limit();
            int end = -1;
            if (commonLastByte >= 0) {
                // The byte search stays in this method so that the JIT inlines it here, as for the
                // old line-only parser: lines of a few dozen bytes cost one search and one slice.
                for (int from = start;;) {
                    int hit = ByteSearch.indexOf(in, from, limit, (byte) commonLastByte);
                    if (hit < 0) {
                        break;
                    }
                    int length = longestEndingAt(in, start, hit);
                    if (length > 0) {
                        matchLength = length;
                        end = hit + 1;
                        break;
                    }
                    from = hit + 1;
                }
            } else {
                end = findEach(in, start, limit);
            }
            if (end < 0) {
                keepAll(in, start, limit);
                return null;
            }
            int frameEnd = end - matchLength; // may lie before start: the frame ends in the pending bytes
            in.position(end);
            tailLength = 0;
            long length = (discarding ? discarded : pending.size()) + (frameEnd - start);
            if (discarding || length > maxLength) {
                dropOrFail(length);
                if (!in.hasRemaining()) {
                    return null;
                }
                continue;
            }
            if (pending.isEmpty()) {
                return in.slice(start, frameEnd - start);
            }
            return pending.assemble(in, start, Math.max(start, frameEnd), (int) length);
        }
    }

    /** No delimiter ends in {@code in[start, limit)}: keeps those bytes as pending (or skips them). */
    private void keepAll(ByteBuffer in, int start, int limit) {
        in.position(limit);
        int n = limit - start;
        if (discarding) {
            discarded += n;
        } else if (pending.size() + n > (long) maxLength + longest - 1) {
            // The frame may still end with the longest delimiter, whose first bytes are here.
            long seen = pending.size() + n - (longest - 1);
            if (!discardOversized) {
                throw new FrameTooLongException(maxLength, seen, true);
            }
            discarding = true;
            discarded = pending.size() + n;
            pending.clear();
        } else {
            pending.add(in, start, limit);
        }
        keepTail(in, start, limit);
    }

    /** An oversized frame of {@code length} bytes ended: fails, or reports the drop. */
    private void dropOrFail(long length) {
        discarding = false;
        discarded = 0;
        pending.clear();
        if (!discardOversized) {
            throw new FrameTooLongException(maxLength, length, false);
        }
        onDrop.accept(new DroppedFrame(length, maxLength));
    }

    /**
     * The length of the longest delimiter ending at {@code in[hit]} (a {@link #commonLastByte}), its
     * other bytes in {@code in[start, hit)} and the tail before it; 0 when none does.
     */
    private int longestEndingAt(ByteBuffer in, int start, int hit) {
        // Most hits end the shortest delimiter: one look at the byte before rules the others out
        // (for lines, a '\n' not after '\r').
        int before = hit > start ? in.get(hit - 1) & 0xFF : tailLength > 0 ? tail[tailLength - 1] & 0xFF : -1;
        if (before < 0 || !beforeLast[before]) {
            return singleByteLength;
        }
        for (byte[] d : delimiters) {
            if (endsAt(in, start, hit, d)) {
                return d.length;
            }
        }
        return 0;
    }

    private boolean endsAt(ByteBuffer in, int start, int hit, byte[] d) {
        if (d.length - 1 > hit - start + tailLength) {
            return false;
        }
        for (int j = d.length - 2, i = hit - 1; j >= 0; j--, i--) {
            byte b = i >= start ? in.get(i) : tail[tailLength - (start - i)];
            if (b != d[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The end of the first delimiter in {@code in[start, limit)} (its first bytes may be in the
     * tail), the longest one when several end there, or -1; sets {@link #matchLength}.
     */
    private int findEach(ByteBuffer in, int start, int limit) {
        if (cachedFor != in) {
            cachedFor = in;
            Arrays.fill(nextStart, Integer.MIN_VALUE);
        }
        int bestEnd = Integer.MAX_VALUE;
        int bestLength = 0;
        // 1. Delimiters that began in the previous chunks' last bytes and end in this one.
        for (byte[] d : delimiters) {
            int len = d.length;
            for (int k = Math.min(len - 1, tailLength); k >= 1; k--) {
                int rest = len - k;
                if (rest > limit - start || start + rest > bestEnd) {
                    continue;
                }
                if (matchesTail(d, k) && matchesIn(in, start, d, k)) {
                    int end = start + rest;
                    if (end < bestEnd || (end == bestEnd && len > bestLength)) {
                        bestEnd = end;
                        bestLength = len;
                    }
                }
            }
        }
        // 2. Delimiters inside this chunk.
        for (int i = 0; i < delimiters.length; i++) {
            byte[] d = delimiters[i];
            int s = nextStart[i];
            if (s < start) {
                s = indexOf(in, start, limit, d);
                nextStart[i] = s < 0 ? Integer.MAX_VALUE : s;
            } else if (s == Integer.MAX_VALUE) {
                s = -1;
            }
            if (s >= 0) {
                int end = s + d.length;
                if (end < bestEnd || (end == bestEnd && d.length > bestLength)) {
                    bestEnd = end;
                    bestLength = d.length;
                }
            }
        }
        matchLength = bestLength;
        return bestEnd == Integer.MAX_VALUE ? -1 : bestEnd;
    }

    /** The first start of {@code d} in {@code in[from, limit)} (whole match inside), or -1. */
    private static int indexOf(ByteBuffer in, int from, int limit, byte[] d) {
        byte first = d[0];
        int last = limit - d.length;
        int i = from;
        while (i <= last) {
            i = ByteSearch.indexOf(in, i, last + 1, first);
            if (i < 0) {
                return -1;
            }
            int k = 1;
            while (k < d.length && in.get(i + k) == d[k]) {
                k++;
            }
            if (k == d.length) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** Whether the kept tail ends with {@code d[0, k)}. */
    private boolean matchesTail(byte[] d, int k) {
        int at = tailLength - k;
        for (int j = 0; j < k; j++) {
            if (tail[at + j] != d[j]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code in} at {@code start} holds {@code d[k, len)}. */
    private static boolean matchesIn(ByteBuffer in, int start, byte[] d, int k) {
        for (int j = k; j < d.length; j++) {
            if (in.get(start + j - k) != d[j]) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the last bytes of (tail + in[start, limit)). */
    private void keepTail(ByteBuffer in, int start, int limit) {
        int cap = tail.length;
        if (cap == 0) {
            return;
        }
        int n = limit - start;
        if (n >= cap) {
            in.get(limit - cap, tail, 0, cap);
            tailLength = cap;
            return;
        }
        int keep = Math.min(tailLength, cap - n);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        in.get(start, tail, keep, n);
        tailLength = keep + n;
    }

    @Override
    public @Nullable ByteBuffer finish() {
        if (discarding) {
            discarding = false;
            onDrop.accept(new DroppedFrame(discarded, maxLength));
            return null;
        }
        if (pending.isEmpty()) {
            return null;
        }
        if (!allowTruncation) {
            long left = pending.size();
            clear();
            throw new TruncatedFrameException(left, " (no " + ending + " at the end)");
        }
        tailLength = 0;
        return pending.drain();
    }

    @Override
    public long buffered() {
        return pending.size();
    }

    @Override
    public void clear() {
        pending.clear();
        tailLength = 0;
        discarding = false;
        cachedFor = null;
    }
}
