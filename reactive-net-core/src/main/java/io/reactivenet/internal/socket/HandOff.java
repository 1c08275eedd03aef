package io.reactivenet.internal.socket;

import io.reactivenet.NetSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The last operator of a connect: hands the socket to the subscriber, and destroys it when the
 * subscriber's cancel crossed it on the way.
 *
 * <p>Why: a subscriber that disposes at the instant the connect completes (Reactor's
 * {@code LambdaMonoSubscriber}, {@code subscribe(...).dispose()}) marks itself cancelled first and
 * then cancels upstream. A socket emitted between the two is dropped by the subscriber
 * ({@code Operators.onNextDropped}, not a discard: no {@code doOnDiscard} hook sees it), and the
 * cancel then finds a Mono that has already emitted: nobody closes the socket
 * ({@code DefaultLoopsReleaseIT} caught it about one run in three). Here, a cancel that arrives
 * from another thread while the socket is being handed over (after {@code onNext} began, before
 * {@code onComplete} returned) is that crossing: the subscriber never took the socket, so it is
 * destroyed. A cancel on the emitting thread during the hand-over is an operator that cancels on
 * receipt ({@code next()}, {@code take(1)}) and has the socket: left alone. A cancel after
 * {@code onComplete} is a no-op, as Reactive Streams asks. A cancel before the socket came is
 * passed upstream (where the discard hooks close a socket that arrives later).
 *
 * <p>Threading: signals from upstream come one at a time (Reactive Streams); cancel from any thread.
 */
public final class HandOff extends MonoOperator<NetSocket, NetSocket> {

    private static final int WAITING = 0;
    private static final int HANDING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;

    private HandOff(Mono<? extends NetSocket> source) {
        super(source);
    }

    /** {@code connect} with its socket handed off safely (apply last, right before the subscriber). */
    public static Mono<NetSocket> of(Mono<? extends NetSocket> connect) {
        return new HandOff(connect);
    }

    @Override
    public void subscribe(CoreSubscriber<? super NetSocket> actual) {
        source.subscribe(new Guard(actual));
    }

    private static final class Guard implements CoreSubscriber<NetSocket>, Subscription {
        private final CoreSubscriber<? super NetSocket> actual;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private @Nullable Subscription upstream;
        private volatile @Nullable NetSocket socket;
        private volatile @Nullable Thread handing;

        Guard(CoreSubscriber<? super NetSocket> actual) {
            this.actual = actual;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(NetSocket s) {
            socket = s;
            handing = Thread.currentThread();
            if (!state.compareAndSet(WAITING, HANDING)) {
                s.destroy(); // cancelled before it came
                return;
            }
            actual.onNext(s);
        }

        @Override
        public void onError(Throwable t) {
            if (state.compareAndSet(WAITING, DONE)) {
                actual.onError(t);
            }
        }

        @Override
        public void onComplete() {
            int now = state.get();
            if (now == HANDING || now == WAITING) {
                actual.onComplete();
                state.compareAndSet(now, DONE);
            }
        }

        @Override
        public void request(long n) {
            Subscription s = upstream;
            if (s != null) {
                s.request(n);
            }
        }

        @Override
        public void cancel() {
            while (true) {
                int now = state.get();
                if (now == WAITING) {
                    if (state.compareAndSet(WAITING, CANCELLED)) {
                        Subscription s = upstream;
                        if (s != null) {
                            s.cancel();
                        }
                        return;
                    }
                } else if (now == HANDING) {
                    if (Thread.currentThread() == handing) {
                        return; // cancelled on receipt by an operator that has the socket
                    }
                    if (state.compareAndSet(HANDING, CANCELLED)) {
                        NetSocket s = socket;
                        if (s != null) {
                            s.destroy(); // the subscriber's cancel crossed it: it was dropped
                        }
                        return;
                    }
                } else {
                    return; // done, or cancelled already
                }
            }
        }
    }
}
