package io.reactivenet.timeout;

import io.reactivenet.NetSocket;
import io.reactivenet.internal.Checks;
import io.reactivenet.internal.timeout.IdleTimer;
import io.reactivenet.internal.timeout.WatchedSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Timeouts as operators: idle (Node's {@code socket.setTimeout}), read and write.
 *
 * <pre>{@code
 * Net.createServer(raw -> {
 *     NetSocket socket = Timeouts.idle(Duration.ofSeconds(30), IdleReaction.CLOSE).apply(raw);
 *     return socket.send(socket.inbound().transform(Timeouts.read(Duration.ofSeconds(10))));
 * });
 * }</pre>
 *
 * <p>Each watch uses one scheduled task that reschedules itself for the time left (as Netty's
 * {@code IdleStateHandler}); activity costs a clock read and a volatile write, never a new timer.
 * Time comes from a Reactor {@link Scheduler} ({@link Schedulers#parallel()} unless given), so
 * {@code StepVerifier.withVirtualTime} drives these operators. Thread-safe.
 *
 * <p>Node counterpart: {@code socket.setTimeout(ms)} and its {@code 'timeout'} event; Node has no
 * read or write timeouts. {@link NetSocket#setTimeout} is the same idea on Netty's timer.
 */
public final class Timeouts {

    private Timeouts() {
    }

    /**
     * Watches a socket for idleness: no bytes in either direction through the returned socket for
     * {@code timeout}. {@link IdleReaction#SIGNAL} emits on the returned socket's
     * {@link NetSocket#timeouts()} once per idle period and leaves it open (Node's behaviour);
     * {@link IdleReaction#CLOSE} also destroys it with an {@link IdleTimeoutException}, which its
     * {@code inbound()} and {@code onClose()} report. Only traffic through the returned socket counts.
     */
    public static UnaryOperator<NetSocket> idle(Duration timeout, IdleReaction reaction) {
        return idle(timeout, reaction, null);
    }

    /** {@link #idle(Duration, IdleReaction)} on a given scheduler (null: {@link Schedulers#parallel()}). */
    public static UnaryOperator<NetSocket> idle(Duration timeout, IdleReaction reaction,
            @org.jspecify.annotations.Nullable Scheduler scheduler) {
        Checks.positive("timeout", timeout);
        Objects.requireNonNull(reaction, "reaction");
        return socket -> new WatchedSocket(Objects.requireNonNull(socket, "socket"), timeout, reaction,
                scheduler != null ? scheduler : Schedulers.parallel());
    }

    /**
     * Fails the stream with a {@link ReadTimeoutException} when no element arrives for
     * {@code timeout} while the subscriber is waiting for one (time without demand does not count:
     * a slow consumer is not a slow peer). On timeout the source is cancelled.
     */
    public static <T> Function<Flux<T>, Flux<T>> read(Duration timeout) {
        return read(timeout, null);
    }

    /** {@link #read(Duration)} on a given scheduler (null: {@link Schedulers#parallel()}). */
    public static <T> Function<Flux<T>, Flux<T>> read(Duration timeout,
            @org.jspecify.annotations.Nullable Scheduler scheduler) {
        Checks.positive("timeout", timeout);
        return flux -> Flux.defer(() -> {
            Scheduler s = scheduler != null ? scheduler : Schedulers.parallel();
            AtomicLong outstanding = new AtomicLong();
            AtomicReference<ReadTimeoutException> failure = new AtomicReference<>();
            Sinks.Empty<Void> fired = Sinks.empty();
            IdleTimer timer = new IdleTimer(timeout, s, () -> {
                if (outstanding.get() > 0 && failure.compareAndSet(null, new ReadTimeoutException(timeout, null))) {
                    fired.tryEmitEmpty();
                }
            });
            return flux
                    .doOnNext(x -> {
                        outstanding.decrementAndGet();
                        timer.activity();
                    })
                    .takeUntilOther(fired.asMono())
                    .concatWith(Mono.defer(() -> {
                        ReadTimeoutException e = failure.get();
                        return e == null ? Mono.<T>empty() : Mono.<T>error(e);
                    }))
                    .doOnRequest(n -> {
                        outstanding.getAndUpdate(o -> o + n < 0 ? Long.MAX_VALUE : o + n);
                        timer.activity();
                    })
                    .doFinally(signal -> timer.dispose());
        });
    }

    /** Fails a write with a {@link WriteTimeoutException} when it has not completed within {@code timeout}. */
    public static Function<Mono<Void>, Mono<Void>> write(Duration timeout) {
        return write(timeout, null);
    }

    /** {@link #write(Duration)} on a given scheduler (null: {@link Schedulers#parallel()}). */
    public static Function<Mono<Void>, Mono<Void>> write(Duration timeout,
            @org.jspecify.annotations.Nullable Scheduler scheduler) {
        Checks.positive("timeout", timeout);
        return mono -> Mono.defer(() -> mono.timeout(timeout,
                Mono.error(() -> new WriteTimeoutException(timeout, null)),
                scheduler != null ? scheduler : Schedulers.parallel()));
    }
}
