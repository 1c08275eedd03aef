package io.reactivenet.internal.framing;

import io.reactivenet.framing.DroppedFrame;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.TruncatedFrameException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Frames ended by one of several delimiters. A frame ends where the first delimiter ends; when
 * several end at the same byte, the longest wins (so with {@code "\n"} and {@code "\r\n"}, {@code
 * "a\r\n"} is {@code "a"}). This rule does not depend on how the input is chunked. Bytes are
 * scanned once: the last {@code longest - 1} bytes of an incomplete frame are kept to find a
 * delimiter that straddles two chunks, and the next match of each delimiter in a chunk is cached.
 */
public final class DelimiterParser extends FrameParser {

    private final byte[][] delimiters;
    private final int longest;
    private final int maxLength;
    private final boolean discardOversized;
    private final boolean allowTruncation;
    private final Consumer<DroppedFrame> onDrop;

    private final PendingBytes pending = new PendingBytes();
    /** The last bytes (at most longest - 1) of the pending or discarded frame. */
    private final byte[] tail;
    private int tailLength;
    private boolean discarding;
    private long discarded;

    // Per chunk: where each delimiter next starts at or after the position it was searched from.
    private @Nullable ByteBuffer cachedFor;
    private final int[] nextStart;

    public DelimiterParser(byte[][] delimiters, int maxLength, boolean discardOversized, boolean allowTruncation,
            Consumer<DroppedFrame> onDrop) {
        this.delimiters = delimiters;
        int max = 0;
        for (byte[] d : delimiters) {
            max = Math.max(max, d.length);
        }
        this.longest = max;
        this.maxLength = maxLength;
        this.discardOversized = discardOversized;
        this.allowTruncation = allowTruncation;
        this.onDrop = onDrop;
        this.tail = new byte[Math.max(0, max - 1)];
        this.nextStart = new int[delimiters.length];
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

    @Override
    public @Nullable ByteBuffer next(ByteBuffer in) {
        if (cachedFor != in) {
            cachedFor = in;
            Arrays.fill(nextStart, Integer.MIN_VALUE);
        }
        for (;;) {
            int start = in.position();
            int limit = in.limit();
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
            if (bestEnd == Integer.MAX_VALUE) {
                in.position(limit);
                int n = limit - start;
                if (discarding) {
                    discarded += n;
                } else if (pending.size() + n > (long) maxLength + longest - 1) {
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
                return null;
            }
            int frameEnd = bestEnd - bestLength; // may lie before start: the frame ends in the pending bytes
            in.position(bestEnd);
            tailLength = 0;
            if (discarding) {
                discarding = false;
                long length = discarded + (frameEnd - start);
                discarded = 0;
                onDrop.accept(new DroppedFrame(length, maxLength));
                if (!in.hasRemaining()) {
                    return null;
                }
                continue;
            }
            long length = pending.size() + (frameEnd - start);
            if (length > maxLength) {
                pending.clear();
                if (!discardOversized) {
                    throw new FrameTooLongException(maxLength, length, false);
                }
                onDrop.accept(new DroppedFrame(length, maxLength));
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
            throw new TruncatedFrameException(left, " (no delimiter at the end)");
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
