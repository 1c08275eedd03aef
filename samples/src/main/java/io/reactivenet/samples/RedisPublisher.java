package io.reactivenet.samples;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The way out of one instance's room into Redis: a bounded queue of encoded {@link RoomMessage}s
 * drained into {@code PUBLISH} commands on one Lettuce connection, at most {@value #IN_FLIGHT}
 * unanswered at a time.
 *
 * <p>Why it never blocks the room and stays bounded: {@link #offer} only queues (it is called under
 * the room's lock, from whichever thread said the line). The queue holds at most
 * {@value #QUEUE_MESSAGES} messages and {@value #QUEUE_BYTES} bytes; when Redis is slow or
 * stalled the in-flight window fills, the queue fills behind it, and every further message is
 * <b>dropped and counted</b> ({@link #dropped}) — the local members still got it. While the
 * connection is down Lettuce rejects commands at once (REJECT_COMMANDS), so nothing piles up
 * for later either: those messages are counted in {@link #failed}. Commands have no timeout on
 * purpose: a timed-out command still sits in Lettuce's stack until Redis answers, so a timeout
 * would let a stalled link grow without bound; the window is the bound instead.
 *
 * <p>Order: one thread ({@code scheduler}) takes messages from the queue and dispatches each
 * {@code PUBLISH} as it takes it, so they reach Redis in queue order, which is the room's order.
 */
final class RedisPublisher {

    static final int QUEUE_MESSAGES = 4096;
    static final long QUEUE_BYTES = 4L << 20;
    static final int IN_FLIGHT = 256;

    private final Sinks.Many<byte[]> queue =
            Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(QUEUE_MESSAGES));
    /** Bytes queued or in flight. */
    private final AtomicLong pending = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    /** Messages not queued: the queue was full (Redis slow or stalled). */
    final AtomicLong dropped = new AtomicLong();
    /** Messages Redis did not take: the connection was down, or the command failed. */
    final AtomicLong failed = new AtomicLong();
    final AtomicReference<@Nullable Throwable> lastError = new AtomicReference<>();
    private final Disposable draining;
    /** What {@link #report} said last (on the heartbeat's thread only). */
    private long droppedReported;
    private long failedReported;

    RedisPublisher(RedisReactiveCommands<byte[], byte[]> redis, byte[] channel, Scheduler scheduler) {
        draining = queue.asFlux()
                .publishOn(scheduler, IN_FLIGHT)
                .flatMap(message -> redis.publish(channel, message)
                        .doOnNext(receivers -> sent.incrementAndGet())
                        .onErrorResume(e -> {
                            failed.incrementAndGet();
                            lastError.set(e);
                            return Mono.empty();
                        })
                        .doFinally(signal -> pending.addAndGet(-message.length)), IN_FLIGHT)
                .subscribe();
    }

    /** Queues a message; false when it was dropped (queue full). Under the room's lock: one caller at a time. */
    boolean offer(byte[] message) {
        if (pending.addAndGet(message.length) > QUEUE_BYTES
                || queue.tryEmitNext(message) != Sinks.EmitResult.OK) {
            pending.addAndGet(-message.length);
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Waits (at most {@code timeout}) until every queued message was answered or failed. */
    void flush(Duration timeout) {
        Flux.interval(Duration.ofMillis(10))
                .filter(tick -> pending.get() <= 0)
                .next()
                .timeout(timeout, Mono.just(0L))
                .block();
    }

    /** How many messages could not be shared since the last report, if any; called once per heartbeat. */
    void report(Consumer<String> log) {
        long d = dropped.get();
        long f = failed.get();
        if (d != droppedReported || f != failedReported) {
            Throwable e = lastError.get();
            log.accept("not shared with other instances: " + (d - droppedReported) + " messages (publish queue full), "
                    + (f - failedReported) + " (redis refused" + (e != null ? ": " + Main.describe(e) : "")
                    + "); totals " + d + " and " + f);
            droppedReported = d;
            failedReported = f;
        }
    }

    void dispose() {
        draining.dispose();
    }
}
