package io.reactivenet.testing.chaos;

import java.util.SplittableRandom;

/**
 * The faults the {@link ChaosProxy} applies to one direction of one connection. Times are in
 * milliseconds and small, so that a suite of many mixes stays fast.
 *
 * @param maxWrite         the largest write the proxy makes towards the receiver while it is in the
 *                         first {@code smallWritesUntil} bytes; each write is a random size in
 *                         {@code 1..maxWrite} (1: one byte per write)
 * @param smallWritesUntil after this many bytes writes are up to 64 KiB: one-byte writes over a
 *                         16 MiB stream would cost minutes of CPU and prove nothing more
 * @param latencyMs        every chunk the proxy reads is held this long before it may be written
 * @param jitterMs         plus a random 0..jitterMs per chunk (never reordering: a chunk is never
 *                         due before the one read before it)
 * @param bytesPerSecond   bandwidth towards the receiver; 0: unlimited
 * @param stallAt          when this many bytes have been forwarded, writing stops for
 *                         {@code stallMs}, then resumes (reading goes on until the proxy's buffer
 *                         for the direction is full); -1: no stall
 * @param stallMs          the stall's length
 * @param cut              the destructive fault, applied when {@code cutAt} bytes have been forwarded
 * @param cutAt            the byte count at which {@code cut} happens (0: before the first byte)
 */
public record Faults(int maxWrite, long smallWritesUntil, int latencyMs, int jitterMs, long bytesPerSecond,
        long stallAt, int stallMs, Cut cut, long cutAt) {

    /** The largest write after {@link #smallWritesUntil()}. */
    public static final int LARGE_WRITE = 64 * 1024;
    /** Bytes of each direction that may be written in small pieces. */
    public static final long SMALL_WRITES_FOR = 64 * 1024;

    private static final int[] WRITE_SIZES = {1, 1, 2, 3, 7, 64, 536, 1460, 8192, LARGE_WRITE};

    /** Forwards everything as it comes: no fault. */
    public static Faults none() {
        return new Faults(LARGE_WRITE, 0, 0, 0, 0, -1, 0, Cut.NONE, -1);
    }

    /**
     * Random non-destructive faults for a direction that carries about {@code streamBytes}: one of
     * the write sizes above, latency 0–5 ms with 0–3 ms jitter, a throttle to 8–64 MiB/s one time in
     * three, a 10–150 ms stall at a random byte one time in two.
     */
    static Faults random(SplittableRandom r, long streamBytes) {
        int maxWrite = WRITE_SIZES[r.nextInt(WRITE_SIZES.length)];
        int latency = r.nextInt(4) == 0 ? 0 : r.nextInt(1, 6);
        int jitter = r.nextInt(0, 4);
        long bps = r.nextInt(3) == 0 ? r.nextLong(8, 65) << 20 : 0;
        boolean stall = r.nextBoolean();
        long stallAt = stall ? r.nextLong(0, Math.max(1, streamBytes)) : -1;
        int stallMs = stall ? r.nextInt(10, 151) : 0;
        return new Faults(maxWrite, SMALL_WRITES_FOR, latency, jitter, bps, stallAt, stallMs, Cut.NONE, -1);
    }

    /** A copy that applies {@code cut} after {@code at} bytes. */
    public Faults withCut(Cut cut, long at) {
        return new Faults(maxWrite, smallWritesUntil, latencyMs, jitterMs, bytesPerSecond, stallAt, stallMs, cut, at);
    }

    /** Whether this direction's stream may end early or with an error. */
    public boolean destructive() {
        return cut != Cut.NONE;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("writes 1.." + maxWrite);
        if (maxWrite < LARGE_WRITE) {
            b.append(" for ").append(smallWritesUntil).append(" B");
        }
        if (latencyMs > 0 || jitterMs > 0) {
            b.append(", latency ").append(latencyMs).append("+0..").append(jitterMs).append(" ms");
        }
        if (bytesPerSecond > 0) {
            b.append(", ").append(bytesPerSecond >> 20).append(" MiB/s");
        }
        if (stallAt >= 0) {
            b.append(", stall ").append(stallMs).append(" ms at byte ").append(stallAt);
        }
        if (cut != Cut.NONE) {
            b.append(", ").append(cut).append(" at byte ").append(cutAt);
        }
        return b.toString();
    }
}
