package io.reactivenet.internal.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.reactivenet.NetException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * The bytes the peer sends, as {@code NetSocket.inbound()}: one subscriber, reads only on demand,
 * a read-ahead bounded in bytes, the peer's FIN as {@code onComplete} while we may keep writing.
 *
 * <p>Reading: with {@code AUTO_READ} off, the channel reads once per {@link #maybeRead()} while the
 * subscriber has demand or the queue holds fewer than {@code highWaterMark} bytes. Without demand
 * the queue fills up to that bound, reading stops and TCP flow control pushes back on the peer.
 *
 * <p>The {@link #queue}, in arrival order, holds heap copies ({@code ByteBuffer}: the subscriber owns
 * each one; the pooled buffer goes back at once) or pooled buffers for a spliced {@link Sender}
 * ({@code ByteBuf}: their ownership moves to its writes). Which one is queued is decided when a
 * byte arrives: copies until a spliced sender subscribes, pooled buffers after that. The queue is
 * made on the first byte queued: an idle connection has none.
 * The end of input and its error are fields ({@link #inputEnded}, {@link #error}), not elements.
 *
 * <p>Threading: all state but the counters and {@link #peerEnded} is confined to the channel's
 * event loop; {@link #request} and {@link #cancel} hop onto it.
 */
final class Inbound extends Flux<ByteBuffer> implements Subscription {

    private final SocketImpl socket;
    private final Channel channel;
    private final int readAhead;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    private volatile long bytesRead;
    /** The peer's FIN was seen (read by readyState from any thread). */
    private volatile boolean peerEnded;

    // Event loop only.
    private @Nullable ArrayDeque<Object> queue;
    private long queuedBytes;
    private @Nullable Downstream downstream;
    private long demand;
    /** No more bytes will arrive: FIN, error, or the channel went inactive. */
    private boolean inputEnded;
    /** The subscriber got its terminal signal (or the socket ended without one). */
    private boolean terminated;
    private @Nullable Throwable error;
    /** Nobody will read: drop what arrives but keep reading, so a FIN or RST is still seen. */
    private boolean discarding;
    private boolean draining;

    Inbound(SocketImpl socket, Channel channel, int highWaterMark) {
        this.socket = socket;
        this.channel = channel;
        this.readAhead = highWaterMark;
    }

    long bytesRead() {
        return bytesRead;
    }

    boolean peerEnded() {
        return peerEnded;
    }

    // ---------------------------------------------------------------- subscribers

    @Override
    public void subscribe(CoreSubscriber<? super ByteBuffer> actual) {
        Objects.requireNonNull(actual, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            Operators.error(actual, alreadySubscribed());
            return;
        }
        actual.onSubscribe(this);
        attach(new Copying(actual));
    }

    /**
     * {@code target.send(source.inbound())} with nothing in between: this socket's pooled buffers go
     * straight to the target's writes (Netty releases them once written), so an echo or a proxy copies
     * nothing. Demand and the byte bound are the {@link Sender}'s, exactly as on the copying path.
     */
    void subscribeSpliced(Sender sender) {
        if (!subscribed.compareAndSet(false, true)) {
            sender.onSubscribe(Operators.emptySubscription());
            sender.onError(alreadySubscribed());
            return;
        }
        sender.onSubscribe(this);
        attach(new Spliced(sender));
    }

    private NetException alreadySubscribed() {
        return new NetException(NetException.ERR_STREAM_ALREADY_SUBSCRIBED,
                "inbound() of " + socket + " accepts one subscriber");
    }

    private void attach(Downstream d) {
        socket.onLoop(() -> {
            downstream = d;
            discarding = false;
            drain();
        });
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            socket.onLoop(() -> socket.lifecycle.terminate(
                    new IllegalArgumentException("§3.9 violated: positive request amount required, got " + n), true));
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            addDemand(n);
        } else {
            channel.eventLoop().execute(() -> addDemand(n));
        }
    }

    private void addDemand(long n) {
        demand = Operators.addCap(demand, n);
        drain();
    }

    @Override
    public void cancel() {
        socket.onLoop(() -> {
            downstream = null;
            clear();
            discarding = true;
            maybeRead();
        });
    }

    // ---------------------------------------------------------------- from the pipeline handler

    void onData(ByteBuf buf) {
        int n = buf.readableBytes();
        bytesRead += n;
        if (discarding || terminated || n == 0) {
            buf.release();
            return;
        }
        Downstream d = downstream;
        ArrayDeque<Object> q = queue;
        if (q == null) {
            q = queue = new ArrayDeque<>(4);
        }
        q.add(d != null && d.spliced ? buf : copyAndRelease(buf));
        queuedBytes += n;
        drain();
    }

    /** The peer's FIN: delivered after the queued bytes, or acted on at once if nobody reads. */
    void onPeerEnd() {
        peerEnded = true;
        inputEnded = true;
        if (downstream == null && (discarding || terminated)) {
            socket.lifecycle.afterPeerEnd();
        } else {
            drain();
        }
    }

    /** The channel went inactive: nothing more will arrive. */
    void onInactive() {
        inputEnded = true;
        drain();
    }

    /**
     * Ends the input with {@code e}: the subscriber gets it after the queued bytes, or at once when
     * {@code dropQueued}.
     */
    void fail(Throwable e, boolean dropQueued) {
        if (error == null) {
            error = e;
        }
        inputEnded = true;
        if (dropQueued) {
            clear();
        }
        drain();
    }

    /** For destroySoon: if nobody reads, drop what comes so the peer's FIN is still seen. */
    void discardIfUnread() {
        if (downstream == null) {
            discarding = true;
        }
    }

    /**
     * Pooled buffers still queued (a spliced sender without demand) become heap copies, so nothing
     * pooled outlives the channel and no byte read before the close is lost.
     */
    void onChannelClosed() {
        ArrayDeque<Object> q = queue;
        if (q == null) {
            return;
        }
        for (int i = q.size(); i > 0; i--) {
            Object o = q.poll();
            q.add(o instanceof ByteBuf buf ? Unpooled.wrappedBuffer(copyAndRelease(buf)) : o);
        }
    }

    /** Asks the channel for one more read if someone wants the bytes (or we are discarding). */
    void maybeRead() {
        if (channel.isActive() && wantsMore()) {
            channel.read();
        }
    }

    /** Someone wants more bytes (or we are discarding): a read may go on (see {@link ReadBudget}). */
    boolean wantsMore() {
        return !inputEnded && (discarding || (downstream != null && (demand > 0 || queuedBytes < readAhead)));
    }

    // ---------------------------------------------------------------- drain

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Downstream d = downstream;
            while (d != null && downstream == d && demand > 0) {
                Object next = queue == null ? null : queue.poll();
                if (next == null) {
                    break;
                }
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                if (next instanceof ByteBuffer copy) {
                    queuedBytes -= copy.remaining();
                    d.next(copy);
                } else {
                    ByteBuf buf = (ByteBuf) next;
                    queuedBytes -= buf.readableBytes();
                    d.next(buf);
                }
            }
            if (d != null && downstream == d && (queue == null || queue.isEmpty()) && inputEnded && !terminated) {
                terminated = true;
                downstream = null;
                Throwable e = error;
                if (e != null) {
                    d.error(e);
                } else if (peerEnded) {
                    // As Node: the automatic end() runs before the user's 'end' listeners.
                    socket.lifecycle.deliverPeerEnd(d::complete);
                } else {
                    d.complete();
                }
            }
        } finally {
            draining = false;
        }
        maybeRead();
    }

    private void clear() {
        ArrayDeque<Object> q = queue;
        Object o;
        while (q != null && (o = q.poll()) != null) {
            if (o instanceof ByteBuf buf) {
                buf.release();
            }
        }
        queuedBytes = 0;
    }

    /** The subscriber owns what it gets: a heap copy; the pooled buffer goes back at once. */
    static ByteBuffer copyAndRelease(ByteBuf buf) {
        ByteBuffer copy = ByteBuffer.allocate(buf.readableBytes());
        try {
            buf.getBytes(buf.readerIndex(), copy);
        } finally {
            buf.release();
        }
        return copy.flip();
    }

    /** Where the bytes go: a subscriber that owns heap copies, or a spliced sender that takes buffers. */
    private abstract static class Downstream {
        final boolean spliced;

        Downstream(boolean spliced) {
            this.spliced = spliced;
        }

        abstract void next(ByteBuffer copy);

        abstract void next(ByteBuf buf);

        abstract void error(Throwable t);

        abstract void complete();
    }

    private static final class Copying extends Downstream {
        private final CoreSubscriber<? super ByteBuffer> actual;

        Copying(CoreSubscriber<? super ByteBuffer> actual) {
            super(false);
            this.actual = actual;
        }

        @Override
        void next(ByteBuffer copy) {
            actual.onNext(copy);
        }

        @Override
        void next(ByteBuf buf) {
            actual.onNext(copyAndRelease(buf)); // not reached: pooled buffers are queued only for a spliced sender
        }

        @Override
        void error(Throwable t) {
            actual.onError(t);
        }

        @Override
        void complete() {
            actual.onComplete();
        }
    }

    private static final class Spliced extends Downstream {
        private final Sender sender;

        Spliced(Sender sender) {
            super(true);
            this.sender = sender;
        }

        @Override
        void next(ByteBuffer copy) {
            sender.onNext(copy); // bytes copied before the sender subscribed
        }

        @Override
        void next(ByteBuf buf) {
            sender.nextBuf(buf);
        }

        @Override
        void error(Throwable t) {
            sender.onError(t);
        }

        @Override
        void complete() {
            sender.onComplete();
        }
    }
}
