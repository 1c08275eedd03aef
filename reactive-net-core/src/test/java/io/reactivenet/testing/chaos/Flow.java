package io.reactivenet.testing.chaos;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One direction of a proxied connection: reads from {@code src}, holds the chunks for their latency,
 * and writes them to {@code dst} re-chunked, paced and stalled as its {@link Faults} say. Runs only
 * on the proxy's thread.
 */
final class Flow {

    /** Bytes held per direction: a full buffer stops reading, so TCP pushes back on the sender. */
    static final int CAPACITY = 256 * 1024;
    /** Writes per pump before the proxy goes back to its selector (fairness between connections). */
    private static final int WRITES_PER_PUMP = 4096;

    private record Chunk(ByteBuffer data, long due) {
    }

    final String name;
    final Faults faults;
    private final SocketChannel src;
    private final SocketChannel dst;
    private final SplittableRandom random;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private int queued;
    private long forwarded;
    private long lastDue;
    private long nextWrite;
    private long stallUntil;
    private boolean stallPending;
    private boolean cutPending;
    /** The sender has sent its FIN. */
    boolean srcEof;
    /** No more bytes go to the receiver: its FIN was sent (after all bytes, or at a half-close cut). */
    boolean dstDone;
    /** A half-close cut happened: what the sender still sends is read and dropped. */
    private boolean discarding;
    /** The last write to dst wrote nothing: wait for OP_WRITE. */
    boolean blocked;
    /** The reset cut is due: the link must abort both sockets. */
    boolean resetDue;

    Flow(String name, SocketChannel src, SocketChannel dst, Faults faults, SplittableRandom random) {
        this.name = name;
        this.src = src;
        this.dst = dst;
        this.faults = faults;
        this.random = random;
        this.stallPending = faults.stallAt() >= 0;
        this.cutPending = faults.cut() != Cut.NONE;
    }

    long forwarded() {
        return forwarded;
    }

    /** Whether the proxy should ask the selector for OP_READ on {@code src}. */
    boolean wantsRead() {
        return !srcEof && (discarding || queued < CAPACITY);
    }

    /** Reads what {@code src} has, up to the buffer's capacity; never blocks. */
    void read(long now) throws IOException {
        while (wantsRead()) {
            readBuffer.clear();
            int n = src.read(readBuffer);
            if (n < 0) {
                srcEof = true;
                return;
            }
            if (n == 0) {
                return;
            }
            if (discarding) {
                continue;
            }
            readBuffer.flip();
            ByteBuffer copy = ByteBuffer.allocate(n).put(readBuffer).flip();
            long delay = faults.latencyMs() + (faults.jitterMs() > 0 ? random.nextInt(faults.jitterMs() + 1) : 0);
            // Jitter never reorders: TCP delivers in order, so a chunk is never due before the last one.
            long due = Math.max(lastDue, now + TimeUnit.MILLISECONDS.toNanos(delay));
            lastDue = due;
            queue.add(new Chunk(copy, due));
            queued += n;
        }
    }

    /**
     * Writes what is due to {@code dst}; returns the time (System.nanoTime) at which it has more to
     * do, or {@link Long#MAX_VALUE} when it waits for bytes or for OP_WRITE.
     */
    long write(long now) throws IOException {
        blocked = false;
        for (int writes = 0; writes < WRITES_PER_PUMP; writes++) {
            if (dstDone || resetDue) {
                return Long.MAX_VALUE;
            }
            if (cutPending && forwarded >= faults.cutAt()) {
                cut();
                return Long.MAX_VALUE;
            }
            if (stallPending && forwarded >= faults.stallAt()) {
                stallPending = false;
                stallUntil = now + TimeUnit.MILLISECONDS.toNanos(faults.stallMs());
            }
            if (now < stallUntil) {
                return stallUntil;
            }
            Chunk head = queue.peek();
            if (head == null) {
                if (srcEof) {
                    dst.shutdownOutput();
                    dstDone = true;
                }
                return Long.MAX_VALUE;
            }
            if (head.due > now) {
                return head.due;
            }
            if (now < nextWrite) {
                return nextWrite;
            }
            int limit = forwarded < faults.smallWritesUntil()
                    ? 1 + random.nextInt(faults.maxWrite())
                    : 1 + random.nextInt(Faults.LARGE_WRITE);
            limit = Math.min(limit, head.data.remaining());
            if (cutPending) {
                limit = (int) Math.min(limit, faults.cutAt() - forwarded);
            }
            if (stallPending) {
                limit = (int) Math.min(limit, faults.stallAt() - forwarded);
            }
            ByteBuffer slice = head.data.duplicate();
            slice.limit(slice.position() + limit);
            int n = dst.write(slice);
            if (n == 0) {
                blocked = true;
                return Long.MAX_VALUE;
            }
            head.data.position(head.data.position() + n);
            forwarded += n;
            queued -= n;
            if (!head.data.hasRemaining()) {
                queue.poll();
            }
            if (faults.bytesPerSecond() > 0) {
                nextWrite = Math.max(nextWrite, now) + n * 1_000_000_000L / faults.bytesPerSecond();
            }
        }
        return now;     // more to write: come back at once, after the other connections had a turn
    }

    private void cut() throws IOException {
        cutPending = false;
        if (faults.cut() == Cut.RESET) {
            resetDue = true;
            return;
        }
        dst.shutdownOutput();
        dstDone = true;
        discarding = true;
        queue.clear();
        queued = 0;
    }

    /** Both ends of this direction are done: the sender's FIN came and the receiver's FIN went. */
    boolean finished() {
        return srcEof && dstDone;
    }

    @Override
    public String toString() {
        return name + " " + forwarded + " B forwarded" + (srcEof ? ", sender ended" : "")
                + (discarding ? ", half-closed" : dstDone ? ", ended" : "");
    }
}
