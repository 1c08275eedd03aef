package io.reactivenet.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Bounded polling for state that has no event to wait on (counters, gauges). */
public final class Await {
    private Await() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /**
     * Waits until {@code gauge} has not changed for {@code quiet}, and returns its value; fails if it
     * keeps changing for {@code timeout}.
     */
    public static long stable(String what, Duration quiet, Duration timeout, LongSupplier gauge) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = gauge.getAsLong();
        long since = System.nanoTime();
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            long now = gauge.getAsLong();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quiet.toNanos()) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + ": " + what + " kept changing (last " + last + ")");
            }
        }
    }
}
