package io.reactivenet.internal;

import io.reactivenet.NetSocket;
import io.reactivenet.internal.socket.SocketImpl;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One accepted socket's run of the server's handler, as the Mono Reactor Netty waits on: the handler
 * is called on subscribe; its publisher ending ends our side gently ({@code destroySoon}: Node's
 * {@code end()} once the writes are out), its error (or the handler throwing) destroys the socket
 * with that error; the Mono completes once the socket has closed. Cancelling it (Reactor Netty
 * disposing the connection) cancels the handler's publisher.
 *
 * <p>Why not operators: {@code defer}, {@code flatMapMany}, {@code then}, {@code doOnSuccess},
 * {@code onErrorResume} and {@code then(onClose)} made about a dozen objects per connection, held
 * for its whole life (roughly 500 bytes of every idle connection); this is one, plus the close wait.
 *
 * <p>Threading: signals may come from any thread; each is handled once ({@link #done} guards the
 * completion, {@link #cancelled} stops what has not started).
 */
final class HandlerRun extends Mono<Void> implements CoreSubscriber<Object>, Subscription {

    private final Function<? super NetSocket, ? extends Publisher<Void>> handler;
    private final SocketImpl socket;
    private @Nullable CoreSubscriber<? super Void> actual;
    private volatile @Nullable Subscription upstream;
    private volatile @Nullable Disposable closeWait;
    private volatile boolean cancelled;
    private volatile boolean done;

    HandlerRun(Function<? super NetSocket, ? extends Publisher<Void>> handler, SocketImpl socket) {
        this.handler = handler;
        this.socket = socket;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> subscriber) {
        if (actual != null) {
            Operators.error(subscriber, new IllegalStateException("HandlerRun allows only one subscriber"));
            return;
        }
        actual = subscriber;
        subscriber.onSubscribe(this);
        Publisher<Void> p;
        try {
            p = Objects.requireNonNull(handler.apply(socket), "the connection handler returned null");
        } catch (Throwable e) {
            onError(e);
            return;
        }
        p.subscribe(this);
    }

    @Override
    public Context currentContext() {
        CoreSubscriber<? super Void> a = actual;
        return a == null ? Context.empty() : a.currentContext();
    }

    // ---------------------------------------------------------------- from the handler's publisher

    @Override
    public void onSubscribe(Subscription s) {
        if (!Operators.validate(upstream, s)) {
            return;
        }
        upstream = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(Object ignored) {
        // a Publisher<Void> has no elements to give; anything else is dropped, as then() would
    }

    @Override
    public void onError(Throwable e) {
        socket.destroy(e);
        awaitClose();
    }

    @Override
    public void onComplete() {
        socket.destroySoon();
        awaitClose();
    }

    private void awaitClose() {
        if (!cancelled) {
            closeWait = socket.onClose().subscribe(v -> { }, e -> finish(), this::finish);
        }
    }

    private void finish() {
        CoreSubscriber<? super Void> a = actual;
        if (!done && !cancelled && a != null) {
            done = true;
            a.onComplete();
        }
    }

    // ---------------------------------------------------------------- from Reactor Netty

    @Override
    public void request(long n) {
        // no elements: nothing to ask for
    }

    @Override
    public void cancel() {
        cancelled = true;
        Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
        Disposable d = closeWait;
        if (d != null) {
            d.dispose();
        }
    }
}
