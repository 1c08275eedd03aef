package io.reactivenet.internal.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.reactivenet.NetException;
import io.reactivenet.internal.tls.TlsSlices;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.MonoSink;

/**
 * One {@code send(publisher)}: writes the publisher's buffers, asking for as many as fit under the
 * write high-water mark ({@code bytesBeforeUnwritable / size of the last buffer}, one while that size
 * is unknown, at most {@value #MAX_BATCH}) and nothing while the channel is unwritable: the bound is
 * in bytes, not in messages (Reactor Netty's {@code MonoSendMany} bounds messages).
 *
 * <p>All state lives on the event loop. Buffers from other threads queue in {@link #inbox} in
 * arrival order and the loop drains them; the upstream's end is a pair of fields ({@link #done},
 * {@link #upstreamError}), never an element of the inbox. A signal that arrives on the loop with
 * nothing queued is handled at once.
 *
 * <p>Coalescing: buffers up to {@value #COALESCE_MAX} bytes are copied into one pooled aggregate,
 * written when this socket's read burst ends (an echo answers a whole read with one write) or else at
 * the end of the loop turn, so a burst of small frames costs one write, one flush and one promise.
 */
final class Sender implements CoreSubscriber<ByteBuffer> {
    private static final int COALESCE_MAX = 2048;
    private static final int AGGREGATE_SIZE = 16 * 1024;
    private static final int MAX_BATCH = 64;

    private final Outbound outbound;
    private final Channel channel;
    private final EventLoop loop;
    private final MonoSink<Void> sink;
    private final ConcurrentLinkedQueue<ByteBuf> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile @Nullable Subscription upstream;
    /** Upstream completed or failed; written after its last buffer entered the inbox. */
    private volatile boolean done;
    private volatile @Nullable Throwable upstreamError;

    // Event loop only:
    private long outstanding;
    private int lastSize = Integer.MAX_VALUE;
    private int writesInFlight;
    private boolean upstreamDone;
    private @Nullable ByteBuf aggregate;
    private boolean flushScheduled;

    Sender(Outbound outbound, Channel channel, MonoSink<Void> sink) {
        this.outbound = outbound;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.sink = sink;
    }

    // ---------------------------------------------------------------- upstream signals (any thread)

    @Override
    public void onSubscribe(Subscription s) {
        upstream = s;
        outbound.socket.onLoop(() -> {
            NetException refused = outbound.refuseWrite();
            if (refused != null) {
                fail(refused);
                return;
            }
            outbound.register(this);
            requestMore();
        });
    }

    @Override
    public void onNext(ByteBuffer b) {
        nextBuf(Unpooled.wrappedBuffer(b));
    }

    /** Takes {@code buf}: its ownership passes to us, and to Netty once written. */
    void nextBuf(ByteBuf buf) {
        if (terminated.get()) {
            buf.release();
        } else if (loop.inEventLoop() && wip.get() == 0) {
            handle(buf);
        } else {
            inbox.add(buf);
            signal();
        }
    }

    @Override
    public void onError(Throwable t) {
        upstreamError = t;
        onComplete();
    }

    @Override
    public void onComplete() {
        if (terminated.get()) {
            return;
        }
        done = true;
        if (loop.inEventLoop() && wip.get() == 0) {
            handleDone();
        } else {
            signal();
        }
    }

    private void signal() {
        if (wip.getAndIncrement() == 0) {
            loop.execute(this::drainInbox);
        }
    }

    private void drainInbox() {
        int missed = 1;
        for (;;) {
            // Read done first: every buffer that preceded it is then already in the inbox.
            boolean d = done;
            ByteBuf buf;
            while ((buf = inbox.poll()) != null) {
                handle(buf);
            }
            if (d) {
                handleDone();
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- on the loop

    private void handleDone() {
        if (upstreamDone || terminated.get()) {
            return;
        }
        upstreamDone = true;
        Throwable e = upstreamError;
        if (e != null) {
            if (stop(false)) {
                sink.error(e);
            }
        } else {
            flushAggregate();
            maybeFinish();
        }
    }

    private void handle(ByteBuf buf) {
        if (terminated.get()) {
            buf.release();
            return;
        }
        outstanding--;
        NetException refused = outbound.refuseWrite();
        if (refused != null) {
            buf.release();
            fail(refused);
            return;
        }
        int n = buf.readableBytes();
        lastSize = Math.max(n, 1);
        if (n <= COALESCE_MAX) {
            ByteBuf a = aggregate;
            if (a != null && a.writableBytes() < n) {
                flushAggregate();
                a = null;
                if (terminated.get()) {
                    buf.release();
                    return;
                }
            }
            if (a == null) {
                a = channel.alloc().directBuffer(AGGREGATE_SIZE);
                aggregate = a;
                if (!outbound.inReadBurst()) {
                    // Otherwise this socket's channelReadComplete flushes it: one write per read burst.
                    scheduleFlush();
                }
            }
            a.writeBytes(buf);
            buf.release();
        } else {
            flushAggregate();
            write(buf);
        }
        requestMore();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(() -> {
                flushScheduled = false;
                flushAggregate();
            });
        }
    }

    /** Writes the small buffers gathered so far, if any. */
    void flushAggregate() {
        ByteBuf a = aggregate;
        if (a != null) {
            aggregate = null;
            write(a);
        }
    }

    private void write(ByteBuf buf) {
        if (terminated.get()) {
            buf.release();
            return;
        }
        int n = buf.readableBytes();
        writesInFlight++;
        TlsSlices.writeAndFlush(channel, buf).addListener(f -> {
            writesInFlight--;
            if (f.isSuccess()) {
                outbound.written(n);
                maybeFinish();
            } else {
                fail(outbound.socket.translate(f.cause(), "write"));
            }
        });
    }

    private void maybeFinish() {
        if (upstreamDone && writesInFlight == 0 && aggregate == null && stop(false)) {
            sink.success();
        }
    }

    /** Asks for more while there is room; event loop only (so requests are serialized). */
    void requestMore() {
        Subscription s = upstream;
        if (s == null || upstreamDone || terminated.get()) {
            return;
        }
        if (channel.isActive() && !channel.isWritable()) {
            return;
        }
        long want = lastSize == Integer.MAX_VALUE ? 1
                : Math.max(1, Math.min(MAX_BATCH, channel.bytesBeforeUnwritable() / lastSize));
        if (outstanding > want / 4) {
            return;
        }
        long n = want - outstanding;
        if (n > 0) {
            outstanding += n;
            s.request(n);
        }
    }

    void fail(Throwable t) {
        if (stop(true)) {
            sink.error(t);
        }
    }

    void cancel() {
        stop(true);
    }

    /**
     * Ends this sender once (true for the caller that did): stops writability callbacks, cancels
     * upstream unless upstream ended itself, and releases what is held, on the loop.
     */
    private boolean stop(boolean cancelUpstream) {
        if (!terminated.compareAndSet(false, true)) {
            return false;
        }
        outbound.unregister(this);
        Subscription s = upstream;
        if (cancelUpstream && s != null) {
            s.cancel();
        }
        outbound.socket.onLoopIfAlive(this::releaseHeld);
        return true;
    }

    private void releaseHeld() {
        ByteBuf a = aggregate;
        if (a != null) {
            aggregate = null;
            a.release();
        }
        ByteBuf buf;
        while ((buf = inbox.poll()) != null) {
            buf.release();
        }
    }
}
