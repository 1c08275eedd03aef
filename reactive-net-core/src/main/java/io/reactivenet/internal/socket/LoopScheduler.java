package io.reactivenet.internal.socket;

import io.netty.channel.EventLoop;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * A socket's event loop as a Reactor {@link Scheduler}: tasks run on the loop's one thread, in the
 * order they were scheduled; delays use the loop's own timer.
 *
 * <p>A view, not an owner: {@link #dispose()} does nothing (the loop belongs to the transport and
 * outlives any one socket), so a caller cannot shut the I/O thread down through it. Once the loop has
 * shut down, scheduling throws {@link RejectedExecutionException}, as Reactor expects.
 *
 * <p>Unlike {@code Schedulers.fromExecutorService(loop)}, disposing it never stops the loop, and
 * {@link #now} is the loop's own monotonic clock (its {@code Ticker}, the one its timer runs on), which
 * is what an idle timer measures with; under an {@code EmbeddedChannel} that clock is virtual.
 */
final class LoopScheduler implements Scheduler {

    private final EventLoop loop;

    LoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public Disposable schedule(Runnable task) {
        return new Task(task, null).submit(loop, 0, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return new Task(task, null).submit(loop, delay, 0, unit);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return new Task(task, null).submit(loop, initialDelay, period, unit);
    }

    @Override
    public long now(TimeUnit unit) {
        return unit.convert(loop.ticker().nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public Worker createWorker() {
        return new LoopWorker(loop);
    }

    /** Does nothing: the loop is not ours to stop. */
    @Override
    public void dispose() {
    }

    @Override
    public String toString() {
        return "LoopScheduler[" + loop + "]";
    }

    /** Tasks of one worker on the loop; disposing the worker cancels the ones not run yet. */
    private static final class LoopWorker implements Worker {
        private final EventLoop loop;
        private final Disposable.Composite tasks = Disposables.composite();

        LoopWorker(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public Disposable schedule(Runnable task) {
            return add(task, 0, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            return add(task, delay, 0, unit);
        }

        @Override
        public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
            return add(task, initialDelay, period, unit);
        }

        private Disposable add(Runnable task, long delay, long period, TimeUnit unit) {
            Task t = new Task(task, tasks);
            if (!tasks.add(t)) {
                throw new RejectedExecutionException("worker disposed");
            }
            return t.submit(loop, delay, period, unit);
        }

        @Override
        public void dispose() {
            tasks.dispose();
        }

        @Override
        public boolean isDisposed() {
            return tasks.isDisposed();
        }
    }

    /**
     * One scheduled task. An immediate one goes through {@code execute} (no future) and checks its
     * flag when it runs; a delayed or periodic one keeps the loop's future so disposing it also takes
     * it off the loop's timer.
     */
    private static final class Task implements Runnable, Disposable {
        private final Runnable task;
        private final Disposable.@Nullable Composite parent;
        private volatile boolean disposed;
        private volatile @Nullable Future<?> future;
        private boolean periodic;

        Task(Runnable task, Disposable.@Nullable Composite parent) {
            this.task = task;
            this.parent = parent;
        }

        Disposable submit(EventLoop loop, long delay, long period, TimeUnit unit) {
            periodic = period > 0;
            try {
                if (periodic) {
                    future = loop.scheduleAtFixedRate(this, delay, period, unit);
                } else if (delay > 0) {
                    future = loop.schedule(this, delay, unit);
                } else {
                    loop.execute(this);
                }
            } catch (RejectedExecutionException e) {
                remove();
                throw e;
            }
            if (disposed) {
                cancelFuture(); // disposed while being submitted
            }
            return this;
        }

        @Override
        public void run() {
            if (disposed) {
                return;
            }
            try {
                task.run();
            } finally {
                if (!periodic) {
                    disposed = true;
                    remove();
                }
            }
        }

        @Override
        public void dispose() {
            if (!disposed) {
                disposed = true;
                cancelFuture();
                remove();
            }
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }

        private void cancelFuture() {
            Future<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }

        private void remove() {
            Disposable.Composite p = parent;
            if (p != null) {
                p.remove(this);
            }
        }
    }
}
