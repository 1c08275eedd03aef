package io.reactivenet.internal.framing;

import io.reactivenet.framing.DroppedFrame;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.TruncatedFrameException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Splits at {@code '\n'}, optionally dropping one {@code '\r'} before it. Bytes are scanned once:
 * an incomplete line is kept (as slices) and only the new chunk is searched.
 */
public final class LineParser extends FrameParser {

    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final int maxLength;
    private final boolean stripCr;
    private final boolean discardOversized;
    private final boolean allowTruncation;
    private final Consumer<DroppedFrame> onDrop;
    /** The most bytes a line may hold before its '\n' is seen (the limit, plus a '\r' to strip). */
    private final long maxPending;

    private final PendingBytes pending = new PendingBytes();
    private boolean discarding;
    private long discarded;
    /** Whether the last byte of the previous chunk was '\r' (for the length of a discarded line). */
    private boolean lastWasCr;

    public LineParser(int maxLength, boolean stripCr, boolean discardOversized, boolean allowTruncation,
            Consumer<DroppedFrame> onDrop) {
        this.maxLength = maxLength;
        this.stripCr = stripCr;
        this.discardOversized = discardOversized;
        this.allowTruncation = allowTruncation;
        this.onDrop = onDrop;
        this.maxPending = stripCr ? maxLength + 1L : maxLength;
    }

    @Override
    public @Nullable ByteBuffer next(ByteBuffer in) {
        for (;;) {
            int start = in.position();
            int limit = in.limit();
            int lf = ByteSearch.indexOf(in, start, limit, LF);
            if (lf < 0) {
                in.position(limit);
                int n = limit - start;
                if (n > 0) {
                    lastWasCr = in.get(limit - 1) == CR;
                }
                if (discarding) {
                    discarded += n;
                } else if (pending.size() + n > maxPending) {
                    long seen = pending.size() + n - (stripCr ? 1 : 0);
                    if (!discardOversized) {
                        throw new FrameTooLongException(maxLength, seen, true);
                    }
                    discarding = true;
                    discarded = pending.size() + n;
                    pending.clear();
                } else {
                    pending.add(in, start, limit);
                }
                return null;
            }
            in.position(lf + 1);
            if (discarding) {
                discarding = false;
                long length = discarded + (lf - start);
                if (stripCr && length > 0 && (lf > start ? in.get(lf - 1) == CR : lastWasCr)) {
                    length--;
                }
                discarded = 0;
                onDrop.accept(new DroppedFrame(length, maxLength));
                if (!in.hasRemaining()) {
                    return null;
                }
                continue;
            }
            long total = pending.size() + (lf - start);
            if (stripCr && total > 0 && (lf > start ? in.get(lf - 1) : pending.lastByte()) == CR) {
                total--;
            }
            if (total > maxLength) {
                pending.clear();
                if (!discardOversized) {
                    throw new FrameTooLongException(maxLength, total, false);
                }
                onDrop.accept(new DroppedFrame(total, maxLength));
                if (!in.hasRemaining()) {
                    return null;
                }
                continue;
            }
            int length = (int) total;
            if (pending.isEmpty()) {
                return in.slice(start, length);
            }
            return pending.assemble(in, start, lf, length);
        }
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
            pending.clear();
            throw new TruncatedFrameException(left, " (no '\\n' at the end)");
        }
        return pending.drain();
    }

    @Override
    public long buffered() {
        return pending.size();
    }

    @Override
    public void clear() {
        pending.clear();
        discarding = false;
    }
}
