package io.reactivenet.internal.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.NetSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Mono;

/**
 * {@link HandOff}: who owns a connected socket when the subscriber's cancel and the socket cross.
 * The socket is a real one on an EmbeddedChannel; the source and the subscribers are written out,
 * so each interleaving is forced, not hoped for.
 */
class HandOffTest {

    private final Embedded embedded = new Embedded(false, 64 * 1024);
    private final SocketImpl socket = embedded.socket;
    private final Source source = new Source();

    @AfterEach
    void close() {
        embedded.close();
    }

    /** A Mono's source driven by the test: it records the cancel and emits when told. */
    static final class Source implements Publisher<NetSocket> {
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile @Nullable Subscriber<? super NetSocket> subscriber;

        @Override
        public void subscribe(Subscriber<? super NetSocket> s) {
            subscriber = s;
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
        }

        void emit(NetSocket socket) {
            Subscriber<? super NetSocket> s = subscriber;
            s.onNext(socket);
            s.onComplete();
        }
    }

    /** Like Reactor's LambdaMonoSubscriber: dispose marks it cancelled, then cancels upstream. */
    static class Taker implements Subscriber<NetSocket> {
        final AtomicReference<@Nullable NetSocket> taken = new AtomicReference<>();
        volatile boolean cancelled;
        volatile @Nullable Subscription subscription;

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(NetSocket s) {
            if (!cancelled) {
                taken.set(s);
            } // else dropped, as onNextDropped does
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }
    }

    @Test
    void aCancelThatCrossesTheSocketDestroysIt() throws Exception {
        CountDownLatch cancelSent = new CountDownLatch(1);
        Taker taker = new Taker() {
            @Override
            public void onNext(NetSocket s) {
                super.onNext(s);
                try {
                    cancelSent.await(5, TimeUnit.SECONDS); // the cancel arrives while the socket is handed over
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        HandOff.of(Mono.fromDirect(source)).subscribe(taker);
        taker.cancelled = true; // dispose, first half
        Thread emitter = new Thread(() -> source.emit(socket), "emitter");
        emitter.start();
        // dispose, second half, from this thread, once the socket is on its way
        while (emitter.getState() != Thread.State.WAITING && emitter.getState() != Thread.State.TIMED_WAITING
                && emitter.isAlive()) {
            Thread.onSpinWait();
        }
        taker.subscription.cancel();
        cancelSent.countDown();
        emitter.join(5_000);

        assertThat(taker.taken.get()).as("the subscriber dropped it").isNull();
        assertThat(embedded.channel.isOpen()).as("so the hand-off closed it").isFalse();
    }

    @Test
    void aCancelOnReceiptLeavesTheSocketToTheOperatorThatHasIt() {
        Taker taker = new Taker() {
            @Override
            public void onNext(NetSocket s) {
                subscription.cancel(); // as next() and take(1) do, on the emitting thread
                super.onNext(s);
            }
        };
        HandOff.of(Mono.fromDirect(source)).subscribe(taker);
        source.emit(socket);
        assertThat(taker.taken.get()).isSameAs(socket);
        assertThat(embedded.channel.isOpen()).isTrue();
    }

    @Test
    void aCancelAfterTheSocketArrivedIsANoOp() {
        Taker taker = new Taker();
        HandOff.of(Mono.fromDirect(source)).subscribe(taker);
        source.emit(socket);
        taker.subscription.cancel();
        assertThat(taker.taken.get()).isSameAs(socket);
        assertThat(embedded.channel.isOpen()).isTrue();
        assertThat(source.cancelled).as("nothing to cancel after completion").isFalse();
    }

    @Test
    void aCancelBeforeTheSocketGoesUpstreamAndALateSocketIsDestroyed() {
        Taker taker = new Taker();
        HandOff.of(Mono.fromDirect(source)).subscribe(taker);
        taker.cancelled = true;
        taker.subscription.cancel();
        assertThat(source.cancelled).isTrue();
        source.emit(socket); // a source that emits anyway (the race upstream)
        assertThat(taker.taken.get()).isNull();
        assertThat(embedded.channel.isOpen()).isFalse();
    }
}
