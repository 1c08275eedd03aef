package io.reactivenet.internal.timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * One scheduled task per watched thing, rescheduling itself for the time that is left (as Netty's
 * IdleStateHandler): activity is a clock read and a volatile write, never a new timer. Fires once
 * per idle period: after firing it stays quiet until the next activity.
 *
 * <p>The one idle engine: the {@code Timeouts} operators run it on any Reactor {@link Scheduler}
 * (virtual time in tests), and {@code NetSocket.setTimeout} on the socket's event loop seen as a
 * Scheduler. {@link #activity()} may be called from any thread; {@code onIdle} runs on the scheduler.
 */
public final class IdleTimer implements Disposable {

    private final Scheduler scheduler;
    private final long timeoutNanos;
    private final Runnable onIdle;
    private volatile long lastActivity;
    private volatile boolean fired;
    private volatile boolean disposed;
    private volatile Disposable task = () -> { };

    public IdleTimer(Duration timeout, Scheduler scheduler, Runnable onIdle) {
        this.scheduler = scheduler;
        this.timeoutNanos = timeout.toNanos();
        this.onIdle = onIdle;
        this.lastActivity = now();
        schedule(timeoutNanos);
    }

    /** Something moved: the idle period starts again. */
    public void activity() {
        lastActivity = now();
        if (fired) {
            fired = false; // a read first: the common case writes one volatile, not two
        }
    }

    private long now() {
        return scheduler.now(TimeUnit.NANOSECONDS);
    }

    private void schedule(long delayNanos) {
        if (!disposed) {
            task = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        if (disposed) {
            return;
        }
        long idle = now() - lastActivity;
        if (idle >= timeoutNanos) {
            if (!fired) {
                fired = true;
                onIdle.run();
            }
            schedule(timeoutNanos);
        } else {
            schedule(timeoutNanos - idle);
        }
    }

    @Override
    public void dispose() {
        disposed = true;
        task.dispose();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
