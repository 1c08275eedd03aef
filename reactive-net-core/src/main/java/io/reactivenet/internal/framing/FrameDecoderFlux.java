package io.reactivenet.internal.framing;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The decoding operator shared by every framing codec. It keeps at most one input chunk and pulls
 * frames out of it lazily, one per unit of downstream demand: no queue of decoded frames, and
 * upstream is asked for one more chunk only when the current one is used up. A frame that lies in
 * one chunk is a slice of it; a frame spanning chunks is assembled by the {@link FrameSplitter}.
 *
 * <p>Upstream error: the complete frames still in the current chunk are delivered first, then the
 * error; a partial frame is dropped. Cancel: the chunk and the pending bytes are dropped (the
 * chunk is passed to the discard hook).
 */
public final class FrameDecoderFlux extends FluxOperator<ByteBuffer, ByteBuffer> {

    private final Supplier<? extends FrameSplitter> splitters;

    public FrameDecoderFlux(Flux<? extends ByteBuffer> source, Supplier<? extends FrameSplitter> splitters) {
        super(source);
        this.splitters = Objects.requireNonNull(splitters, "splitters");
    }

    /** The decoded stream of {@code source}, with a new splitter from {@code splitters} per subscription. */
    public static Flux<ByteBuffer> decode(Flux<? extends ByteBuffer> source,
            Supplier<? extends FrameSplitter> splitters) {
        return onAssembly(new FrameDecoderFlux(source, splitters));
    }

    @Override
    public void subscribe(CoreSubscriber<? super ByteBuffer> actual) {
        source.subscribe(new DecoderSubscriber(actual, splitters.get()));
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC;
        }
        return super.scanUnsafe(key);
    }

    /** The operator's subscriber and subscription: one chunk at a time upstream, one frame per request. */
    static final class DecoderSubscriber implements CoreSubscriber<ByteBuffer>, Subscription, Scannable {

        private final CoreSubscriber<? super ByteBuffer> actual;
        private final FrameSplitter splitter;
        private @Nullable Subscription upstream;

        private volatile @Nullable ByteBuffer inbox;
        private volatile boolean done;
        private @Nullable Throwable error;
        private volatile boolean cancelled;

        private volatile long requested;
        private static final AtomicLongFieldUpdater<DecoderSubscriber> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(DecoderSubscriber.class, "requested");
        private volatile int wip;
        private static final AtomicIntegerFieldUpdater<DecoderSubscriber> WIP =
                AtomicIntegerFieldUpdater.newUpdater(DecoderSubscriber.class, "wip");

        // Drain-loop state: touched only by the thread that holds WIP.
        private @Nullable ByteBuffer current;
        private boolean awaiting;
        private boolean terminated;
        private boolean finished;
        private @Nullable ByteBuffer lastFrame;

        DecoderSubscriber(CoreSubscriber<? super ByteBuffer> actual, FrameSplitter splitter) {
            this.actual = actual;
            this.splitter = splitter;
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
        public void onNext(ByteBuffer chunk) {
            if (done) {
                Operators.onNextDropped(chunk, actual.currentContext());
                return;
            }
            inbox = chunk;
            drain();
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Operators.onErrorDropped(t, actual.currentContext());
                return;
            }
            error = t;
            done = true;
            drain();
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            drain();
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                Operators.addCap(REQUESTED, this, n);
                drain();
            }
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            drain();
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return upstream;
            }
            if (key == Attr.ACTUAL) {
                return actual;
            }
            if (key == Attr.TERMINATED) {
                return done;
            }
            if (key == Attr.CANCELLED) {
                return cancelled;
            }
            if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
                return requested;
            }
            if (key == Attr.PREFETCH) {
                return 1;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC;
            }
            return null;
        }

        private void drain() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            int missed = 1;
            for (;;) {
                if (terminated) {
                    discardState();
                } else {
                    drainLoop();
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private void drainLoop() {
            long r = requested;
            long e = 0L;
            for (;;) {
                if (cancelled) {
                    terminated = true;
                    discardState();
                    return;
                }
                ByteBuffer in = current;
                if (in == null) {
                    in = inbox;
                    if (in != null) {
                        inbox = null;
                        current = in;
                        awaiting = false;
                    }
                }
                if (in != null && !in.hasRemaining()) {
                    current = null;
                    continue;
                }
                if (in != null) {
                    if (e == r) {
                        break;
                    }
                    ByteBuffer frame;
                    try {
                        frame = splitter.next(in);
                    } catch (Throwable t) {
                        Exceptions.throwIfFatal(t);
                        fail(t);
                        return;
                    }
                    if (frame != null) {
                        actual.onNext(frame);
                        e++;
                        continue;
                    }
                    current = null;
                    continue;
                }
                if (done) {
                    if (inbox != null) {
                        continue; // delivered just before the terminal signal
                    }
                    Throwable t = error;
                    if (t != null) {
                        terminated = true;
                        splitter.clear();
                        actual.onError(t);
                        return;
                    }
                    if (!finished) {
                        finished = true;
                        try {
                            lastFrame = splitter.finish();
                        } catch (Throwable ex) {
                            Exceptions.throwIfFatal(ex);
                            fail(ex);
                            return;
                        }
                    }
                    ByteBuffer last = lastFrame;
                    if (last != null) {
                        if (e == r) {
                            break;
                        }
                        lastFrame = null;
                        actual.onNext(last);
                        e++;
                    }
                    terminated = true;
                    actual.onComplete();
                    return;
                }
                if (e != r && !awaiting) {
                    awaiting = true;
                    Subscription s = upstream;
                    if (s != null) {
                        s.request(1);
                    }
                    continue; // a synchronous source may have delivered already
                }
                break;
            }
            if (e != 0L && r != Long.MAX_VALUE) {
                REQUESTED.addAndGet(this, -e);
            }
        }

        private void fail(Throwable t) {
            terminated = true;
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            discardState();
            actual.onError(Operators.onOperatorError(t, actual.currentContext()));
        }

        private void discardState() {
            ByteBuffer c = current;
            current = null;
            if (c != null) {
                Operators.onDiscard(c, actual.currentContext());
            }
            ByteBuffer b = inbox;
            inbox = null;
            if (b != null) {
                Operators.onDiscard(b, actual.currentContext());
            }
            lastFrame = null;
            splitter.clear();
        }
    }
}
