package io.reactivenet.internal.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/** The event loop as a Reactor Scheduler: its thread, its order, its timer, and a dispose that stops nothing. */
class LoopSchedulerTest {

    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
    private final EventLoop loop = group.next();
    private final Scheduler scheduler = new LoopScheduler(loop);

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    @Test
    void tasksRunOnTheLoopInOrder() throws InterruptedException {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<Boolean> onLoop = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Scheduler.Worker worker = scheduler.createWorker();
        for (int i = 0; i < 100; i++) {
            int n = i;
            (i % 2 == 0 ? scheduler.schedule(() -> ran.add(n)) : worker.schedule(() -> ran.add(n))).isDisposed();
        }
        scheduler.schedule(() -> {
            onLoop.add(loop.inEventLoop());
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasSize(100).isSorted();
        assertThat(onLoop).containsExactly(true);
        worker.dispose();
    }

    @Test
    void aDisposedTaskDoesNotRun() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Disposable cancelled = scheduler.schedule(() -> ran.add("cancelled"), 20, TimeUnit.MILLISECONDS);
        cancelled.dispose();
        scheduler.schedule(() -> {
            ran.add("later");
            done.countDown();
        }, 60, TimeUnit.MILLISECONDS);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("later");
        assertThat(cancelled.isDisposed()).isTrue();
    }

    @Test
    void disposingAWorkerCancelsItsPendingTasksOnly() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Scheduler.Worker worker = scheduler.createWorker();
        worker.schedule(() -> ran.add("worker"), 20, TimeUnit.MILLISECONDS);
        worker.dispose();
        assertThatThrownBy(() -> worker.schedule(() -> ran.add("after"))).isInstanceOf(RejectedExecutionException.class);
        scheduler.schedule(() -> {
            ran.add("scheduler");
            done.countDown();
        }, 60, TimeUnit.MILLISECONDS);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("scheduler");
    }

    @Test
    void disposingTheSchedulerLeavesTheLoopRunning() throws InterruptedException {
        scheduler.dispose();
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(done::countDown);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.isShuttingDown()).isFalse();
    }

    @Test
    void aShutDownLoopRejects() {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        assertThatThrownBy(() -> scheduler.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void nowIsTheLoopsClock() {
        long before = loop.ticker().nanoTime();
        long now = scheduler.now(TimeUnit.NANOSECONDS);
        assertThat(now).isBetween(before, loop.ticker().nanoTime());
    }
}
