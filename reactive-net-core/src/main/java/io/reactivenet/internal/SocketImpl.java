package io.reactivenet.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.reactivenet.CloseEvent;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ReadyState;
import io.reactivenet.SocketAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.netty.NettyPipeline;

/**
 * The one {@link NetSocket} implementation, for server and client sides, TCP and Unix sockets.
 *
 * <p>It owns a handler placed in the channel's pipeline ahead of Reactor Netty's bridge: the bytes
 * never reach Reactor Netty's {@code FluxReceive}. That is on purpose: we need half-close (peer FIN
 * as {@code onComplete} while we keep writing), buffers the subscriber owns, a read-ahead bounded in
 * bytes, and exact byte counters, none of which FluxReceive gives (see REACTOR-NETTY-FACTS.md).
 *
 * <p>Inbound state is confined to the channel's event loop; calls from other threads hop onto it.
 */
public final class SocketImpl implements NetSocket {

    public static final AttributeKey<SocketImpl> KEY = AttributeKey.valueOf("reactivenet.socket");
    static final String HANDLER = "reactivenet.socket";
    static final String IDLE = "reactivenet.idle";

    private final Channel channel;
    private final EventLoop loop;
    private final boolean allowHalfOpen;
    private final int readAhead;
    private final Duration endGrace;
    private final Handler handler = new Handler();
    private final InboundFlux inboundFlux = new InboundFlux();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final Sinks.One<CloseEvent> closed = Sinks.one();
    private final Sinks.Many<Duration> timeouts = Sinks.many().multicast().directBestEffort();
    private final Set<Sender> senders = ConcurrentHashMap.newKeySet();

    private volatile @Nullable SocketAddress remote;
    private volatile @Nullable SocketAddress local;
    private volatile long bytesRead;
    private volatile long bytesWritten;
    /** Peer's FIN seen. */
    private volatile boolean inputShutdown;
    /** end() called: no more writes accepted. */
    private volatile boolean outputShutdown;
    /** Our FIN has been sent. */
    private volatile boolean outputDone;
    private volatile boolean destroyed;
    private volatile @Nullable Throwable closeError;
    private volatile Duration idleTimeout = Duration.ZERO;
    private volatile List<String> attemptedAddresses = List.of();

    // Inbound state: event loop only.
    /** ByteBuffer copies for a copying subscriber; retained ByteBufs for a spliced {@link Sender}. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long queuedBytes;
    private @Nullable Downstream subscriber;
    private long demand;
    private boolean inputEnded;
    private boolean inboundTerminated;
    private @Nullable Throwable inboundError;
    private boolean discarding;
    private boolean draining;
    /** Between a channelRead and its channelReadComplete: senders flush their small writes then. */
    private boolean inRead;

    private SocketImpl(Channel channel, boolean allowHalfOpen, int highWaterMark, Duration endGrace) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.allowHalfOpen = allowHalfOpen;
        this.readAhead = highWaterMark;
        this.endGrace = endGrace;
        channel.closeFuture().addListener(f -> onChannelClosed());
    }

    /**
     * Installs a socket on a channel being initialized (before it is active): our handler goes last,
     * just ahead of Reactor Netty's bridge. (Small writes are coalesced by {@link Sender}, so the
     * pipeline needs no flush consolidation.)
     */
    public static SocketImpl install(Channel channel, boolean allowHalfOpen, int highWaterMark, Duration endGrace) {
        SocketImpl socket = new SocketImpl(channel, allowHalfOpen, highWaterMark, endGrace);
        if (channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
            channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, HANDLER, socket.handler);
        } else {
            channel.pipeline().addLast(HANDLER, socket.handler);
        }
        channel.attr(KEY).set(socket);
        return socket;
    }

    /** The socket installed on {@code channel}, or null. */
    public static @Nullable SocketImpl of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** Called by the connector with Node's autoSelectFamilyAttemptedAddresses. */
    public void attemptedAddresses(List<String> addresses) {
        this.attemptedAddresses = List.copyOf(addresses);
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public Flux<ByteBuffer> inbound() {
        return inboundFlux;
    }

    private final class InboundFlux extends Flux<ByteBuffer> {
        @Override
        public void subscribe(CoreSubscriber<? super ByteBuffer> actual) {
            Objects.requireNonNull(actual, "subscriber");
            if (!subscribed.compareAndSet(false, true)) {
                Operators.error(actual, alreadySubscribed());
                return;
            }
            actual.onSubscribe(new InboundSubscription());
            attach(new Copying(actual));
        }

        SocketImpl owner() {
            return SocketImpl.this;
        }
    }

    private NetException alreadySubscribed() {
        return new NetException(NetException.ERR_STREAM_ALREADY_SUBSCRIBED,
                "inbound() of " + this + " accepts one subscriber");
    }

    /**
     * {@code target.send(source.inbound())} with nothing in between: the source hands its pooled
     * buffers straight to the target's writes (ownership moves with them, Netty releases them once
     * written), so an echo or a proxy copies nothing. Demand and the byte bound are those of
     * {@link Sender}, exactly as on the copying path.
     */
    private void subscribeSpliced(Sender sender) {
        if (!subscribed.compareAndSet(false, true)) {
            sender.onSubscribe(Operators.emptySubscription());
            sender.onError(alreadySubscribed());
            return;
        }
        sender.onSubscribe(new InboundSubscription());
        attach(new Spliced(sender));
    }

    private void attach(Downstream downstream) {
        onLoop(() -> {
            subscriber = downstream;
            discarding = false;
            drain();
        });
    }

    /** Where inbound elements go: a subscriber that owns ByteBuffer copies, or a spliced sender. */
    private interface Downstream {
        void next(Object element);

        void error(Throwable t);

        void complete();

        boolean spliced();
    }

    private static final class Copying implements Downstream {
        private final CoreSubscriber<? super ByteBuffer> actual;

        Copying(CoreSubscriber<? super ByteBuffer> actual) {
            this.actual = actual;
        }

        @Override
        public void next(Object element) {
            actual.onNext(element instanceof ByteBuf buf ? copyAndRelease(buf) : (ByteBuffer) element);
        }

        @Override
        public void error(Throwable t) {
            actual.onError(t);
        }

        @Override
        public void complete() {
            actual.onComplete();
        }

        @Override
        public boolean spliced() {
            return false;
        }
    }

    private static final class Spliced implements Downstream {
        private final Sender sender;

        Spliced(Sender sender) {
            this.sender = sender;
        }

        @Override
        public void next(Object element) {
            sender.nextBuf(element instanceof ByteBuf buf ? buf : Unpooled.wrappedBuffer((ByteBuffer) element));
        }

        @Override
        public void error(Throwable t) {
            sender.onError(t);
        }

        @Override
        public void complete() {
            sender.onComplete();
        }

        @Override
        public boolean spliced() {
            return true;
        }
    }

    /** The subscriber owns what it gets: a heap copy; the pooled buffer goes back at once. */
    private static ByteBuffer copyAndRelease(ByteBuf buf) {
        ByteBuffer copy = ByteBuffer.allocate(buf.readableBytes());
        try {
            buf.getBytes(buf.readerIndex(), copy);
        } finally {
            buf.release();
        }
        return copy.flip();
    }

    private static int size(Object element) {
        return element instanceof ByteBuf buf ? buf.readableBytes() : ((ByteBuffer) element).remaining();
    }

    private void clearQueue() {
        Object e;
        while ((e = queue.poll()) != null) {
            if (e instanceof ByteBuf buf) {
                buf.release();
            }
        }
        queuedBytes = 0;
    }

    private final class InboundSubscription implements Subscription {
        @Override
        public void request(long n) {
            if (n <= 0) {
                onLoop(() -> failInbound(new IllegalArgumentException("§3.9 violated: positive request amount required, got " + n)));
                return;
            }
            if (loop.inEventLoop()) {
                addDemand(n);
            } else {
                loop.execute(() -> addDemand(n));
            }
        }

        @Override
        public void cancel() {
            onLoop(SocketImpl.this::cancelInbound);
        }
    }

    private void addDemand(long n) {
        demand = Operators.addCap(demand, n);
        drain();
    }

    private void cancelInbound() {
        subscriber = null;
        clearQueue();
        // Keep reading and dropping, so the peer's FIN or RST is still seen.
        discarding = true;
        maybeRead();
    }

    private void failInbound(Throwable t) {
        terminateWith(t, true);
    }

    /**
     * Ends the socket with {@code error}: the inbound subscriber gets it (after the bytes already
     * queued, unless {@code dropQueued}), and {@link #onClose()} reports it. Event loop only.
     */
    private void terminateWith(Throwable error, boolean dropQueued) {
        if (closeError == null) {
            closeError = error;
        }
        if (inboundError == null) {
            inboundError = error;
        }
        inputEnded = true;
        if (dropQueued) {
            clearQueue();
        }
        drain();
        channel.close();
    }

    private void onData(ByteBuf buf) {
        int n = buf.readableBytes();
        bytesRead += n;
        if (discarding || inboundTerminated || n == 0) {
            buf.release();
            return;
        }
        Downstream d = subscriber;
        queue.add(d != null && d.spliced() ? buf : copyAndRelease(buf));
        queuedBytes += n;
        drain();
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Downstream s = subscriber;
            while (s != null && subscriber == s && demand > 0 && !queue.isEmpty()) {
                Object b = queue.poll();
                queuedBytes -= size(b);
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                s.next(b);
            }
            if (s != null && subscriber == s && queue.isEmpty() && inputEnded && !inboundTerminated) {
                inboundTerminated = true;
                subscriber = null;
                Throwable e = inboundError;
                if (e != null) {
                    s.error(e);
                } else if (inputShutdown) {
                    // As Node: the automatic end() runs before the user's 'end' listeners.
                    autoEnd();
                    s.complete();
                    closeIfBothEnded();
                } else {
                    s.complete();
                }
            }
        } finally {
            draining = false;
        }
        maybeRead();
    }

    private void maybeRead() {
        if (inputEnded || !channel.isActive()) {
            return;
        }
        if (discarding || (subscriber != null && (demand > 0 || queuedBytes < readAhead))) {
            channel.read();
        }
    }

    /** The peer's FIN was delivered to the subscriber (or dropped): Node's allowHalfOpen=false auto-end. */
    private void afterPeerEnd() {
        autoEnd();
        closeIfBothEnded();
    }

    private void autoEnd() {
        if (!allowHalfOpen) {
            end().subscribe(null, e -> { });
        }
    }

    private void closeIfBothEnded() {
        if (inputShutdown && outputDone) {
            channel.close();
        }
    }

    private final class Handler extends ChannelDuplexHandler {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            addresses();
            ctx.fireChannelActive();
            maybeRead();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            inRead = true;
            if (msg instanceof ByteBuf buf) {
                onData(buf);
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            inRead = false;
            for (Sender s : senders) {
                s.flushAggregate();
            }
            maybeRead();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                inputShutdown = true;
                inputEnded = true;
                if (subscriber == null && (discarding || inboundTerminated)) {
                    afterPeerEnd();
                } else {
                    drain();
                }
            } else if (evt instanceof IdleStateEvent idle) {
                if (idle.state() == IdleState.ALL_IDLE && idle.isFirst()) {
                    timeouts.tryEmitNext(idleTimeout);
                }
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            terminateWith(Errors.translate(cause, "read", remoteAddress(), remotePort()), false);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inputEnded = true;
            drain();
            ctx.fireChannelInactive();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                for (Sender s : senders) {
                    s.requestMore();
                }
            }
            ctx.fireChannelWritabilityChanged();
        }
    }

    private void onChannelClosed() {
        destroyed = true;
        // Pooled buffers still queued (a spliced sender without demand) become heap copies, so
        // nothing pooled outlives the channel and no byte read before the close is lost.
        if (!queue.isEmpty()) {
            int n = queue.size();
            for (int i = 0; i < n; i++) {
                Object e = queue.poll();
                queue.add(e instanceof ByteBuf buf ? Unpooled.wrappedBuffer(copyAndRelease(buf)) : e);
            }
        }
        for (Sender s : senders) {
            s.fail(new NetException(NetException.ERR_SOCKET_CLOSED, "Socket closed before the data was written"));
        }
        Throwable e = closeError;
        closed.tryEmitValue(new CloseEvent(e != null, e));
        timeouts.tryEmitComplete();
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public Mono<Void> write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        return Mono.create(sink -> {
            NetException refused = refuseWrite();
            if (refused != null) {
                sink.error(refused);
                return;
            }
            ByteBuf buf = Unpooled.wrappedBuffer(data);
            int n = buf.readableBytes();
            channel.writeAndFlush(buf).addListener(f -> {
                if (f.isSuccess()) {
                    bytesWritten += n;
                    sink.success();
                } else {
                    sink.error(Errors.translate(f.cause(), "write", remoteAddress(), remotePort()));
                }
            });
        });
    }

    @Override
    public Mono<Void> write(byte[] data) {
        Objects.requireNonNull(data, "data");
        return write(ByteBuffer.wrap(data.clone()));
    }

    @Override
    public Mono<Void> write(String text) {
        return write(text, StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> write(String text, Charset charset) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(charset, "charset");
        return write(ByteBuffer.wrap(text.getBytes(charset)));
    }

    private @Nullable NetException refuseWrite() {
        if (outputShutdown) {
            return new NetException(NetException.ERR_STREAM_WRITE_AFTER_END, "write after end");
        }
        if (destroyed || !channel.isOpen()) {
            return new NetException(NetException.ERR_SOCKET_CLOSED, "Socket is closed");
        }
        return null;
    }

    @Override
    public Mono<Void> send(Publisher<ByteBuffer> data) {
        Objects.requireNonNull(data, "data");
        return Mono.create(sink -> {
            Sender sender = new Sender(sink);
            sink.onCancel(sender::cancel);
            if (data instanceof InboundFlux inbound) {
                inbound.owner().subscribeSpliced(sender);
            } else {
                data.subscribe(sender);
            }
        });
    }

    /**
     * Writes a publisher's buffers, asking for as many as fit under the write high-water mark
     * ({@code bytesBeforeUnwritable / size of the last buffer}, one while that size is unknown, at
     * most 64) and nothing while the channel is unwritable: the bound is in bytes, not in messages.
     *
     * <p>All state lives on the event loop: signals from other threads queue in arrival order and
     * the loop drains them; a signal that arrives on the loop with nothing queued is handled at
     * once. Small buffers (up to {@value #COALESCE_MAX} bytes) are copied into one pooled buffer,
     * written when this socket's read burst ends (an echo answers a whole read with one write) or
     * else at the end of the loop turn, so a burst of small frames costs one write, one flush and one
     * promise instead of one per frame.
     */
    private final class Sender implements CoreSubscriber<ByteBuffer> {
        private static final int COALESCE_MAX = 2048;
        private static final int AGGREGATE_SIZE = 16 * 1024;
        private static final int MAX_BATCH = 64;

        private final MonoSink<Void> sink;
        private final java.util.concurrent.ConcurrentLinkedQueue<Object> inbox =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicBoolean terminated = new AtomicBoolean();
        private volatile @Nullable Subscription upstream;
        // Event loop only:
        private long outstanding;
        private int lastSize = Integer.MAX_VALUE;
        private int writesInFlight;
        private boolean upstreamDone;
        private @Nullable ByteBuf aggregate;
        private boolean flushScheduled;

        Sender(MonoSink<Void> sink) {
            this.sink = sink;
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            onLoop(() -> {
                NetException refused = refuseWrite();
                if (refused != null) {
                    fail(refused);
                    return;
                }
                senders.add(this);
                requestMore();
            });
        }

        @Override
        public void onNext(ByteBuffer b) {
            offer(Unpooled.wrappedBuffer(b));
        }

        /** Takes {@code buf}: its ownership passes to us, and to Netty once written. */
        void nextBuf(ByteBuf buf) {
            offer(buf);
        }

        @Override
        public void onError(Throwable t) {
            offer(new UpstreamError(t));
        }

        @Override
        public void onComplete() {
            offer(UPSTREAM_COMPLETE);
        }

        private void offer(Object signal) {
            if (terminated.get()) {
                release(signal);
                return;
            }
            if (loop.inEventLoop() && wip.get() == 0) {
                handle(signal);
                return;
            }
            inbox.add(signal);
            if (wip.getAndIncrement() == 0) {
                loop.execute(this::drainInbox);
            }
        }

        private void drainInbox() {
            int missed = 1;
            for (;;) {
                Object signal;
                while ((signal = inbox.poll()) != null) {
                    handle(signal);
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private void handle(Object signal) {
            if (terminated.get()) {
                release(signal);
                return;
            }
            if (signal == UPSTREAM_COMPLETE) {
                upstreamDone = true;
                flushAggregate();
                maybeFinish();
                return;
            }
            if (signal instanceof UpstreamError e) {
                upstreamDone = true;
                if (stop(false)) {
                    sink.error(e.error());
                }
                return;
            }
            ByteBuf buf = (ByteBuf) signal;
            outstanding--;
            NetException refused = refuseWrite();
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
                    if (!inRead) {
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
            channel.writeAndFlush(buf).addListener(f -> {
                writesInFlight--;
                if (f.isSuccess()) {
                    bytesWritten += n;
                    maybeFinish();
                } else {
                    fail(Errors.translate(f.cause(), "write", remoteAddress(), remotePort()));
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
            senders.remove(this);
            Subscription s = upstream;
            if (cancelUpstream && s != null) {
                s.cancel();
            }
            onLoopIfAlive(this::releaseHeld);
            return true;
        }

        private void releaseHeld() {
            ByteBuf a = aggregate;
            if (a != null) {
                aggregate = null;
                a.release();
            }
            Object signal;
            while ((signal = inbox.poll()) != null) {
                release(signal);
            }
        }

        private void release(Object signal) {
            if (signal instanceof ByteBuf buf) {
                buf.release();
            }
        }
    }

    private static final Object UPSTREAM_COMPLETE = new Object();

    private record UpstreamError(Throwable error) {
    }

    private void onLoopIfAlive(Runnable task) {
        try {
            onLoop(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The loop has shut down; what it held went with it.
        }
    }

    @Override
    public Mono<Void> end() {
        return Mono.create(sink -> onLoop(() -> endOnLoop(sink)));
    }

    @Override
    public Mono<Void> end(ByteBuffer data) {
        return write(data).then(end());
    }

    private void endOnLoop(MonoSink<Void> sink) {
        if (outputShutdown || destroyed || !channel.isActive()) {
            sink.success();
            return;
        }
        outputShutdown = true;
        // Bytes a sender already took (coalesced, not yet written) go before the FIN, as in Node.
        senders.forEach(Sender::flushAggregate);
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (channel instanceof DuplexChannel duplex && channel.isActive()) {
                duplex.shutdownOutput().addListener(g -> {
                    outputDone = true;
                    if (g.isSuccess()) {
                        sink.success();
                    } else {
                        sink.error(Errors.translate(g.cause(), "shutdown", remoteAddress(), remotePort()));
                    }
                    closeIfBothEnded();
                });
            } else {
                outputDone = true;
                channel.close();
                sink.success();
            }
        });
    }

    @Override
    public void destroy() {
        destroyed = true;
        channel.close();
    }

    @Override
    public void destroy(Throwable error) {
        Objects.requireNonNull(error, "error");
        onLoop(() -> {
            destroyed = true;
            terminateWith(error, true);
        });
    }

    @Override
    public void destroySoon() {
        onLoop(() -> {
            if (!channel.isActive()) {
                return;
            }
            if (subscriber == null) {
                // Nobody reads: drop what comes so the peer's FIN is seen, and a full receive queue
                // does not turn our close into a RST.
                discarding = true;
            }
            end().subscribe(null, e -> channel.close());
            if (!inputShutdown) {
                loop.schedule(() -> {
                    channel.close();
                }, endGrace.toNanos(), TimeUnit.NANOSECONDS);
            }
            closeIfBothEnded();
            maybeRead();
        });
    }

    @Override
    public void resetAndDestroy() {
        if (!(channel.remoteAddress() instanceof InetSocketAddress) && path() != null) {
            // As Node: a pipe has no RST.
            throw new NetException("ERR_INVALID_HANDLE_TYPE", "resetAndDestroy() needs a TCP socket; " + this
                    + " is a Unix domain socket");
        }
        onLoop(() -> {
            destroyed = true;
            if (channel.isActive()) {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            channel.close();
        });
    }

    @Override
    public Mono<CloseEvent> onClose() {
        return closed.asMono();
    }

    // ---------------------------------------------------------------- options

    @Override
    public NetSocket setTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new io.reactivenet.NetArgumentException(io.reactivenet.NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"timeout\" is out of range. It must be >= 0. Received " + timeout);
        }
        onLoop(() -> {
            idleTimeout = timeout;
            if (channel.pipeline().get(IDLE) != null) {
                channel.pipeline().remove(IDLE);
            }
            if (!timeout.isZero() && channel.isOpen()) {
                channel.pipeline().addBefore(HANDLER, IDLE,
                        new IdleStateHandler(0, 0, timeout.toNanos(), TimeUnit.NANOSECONDS));
            }
        });
        return this;
    }

    @Override
    public Flux<Duration> timeouts() {
        return timeouts.asFlux();
    }

    @Override
    public NetSocket setNoDelay(boolean noDelay) {
        if (channel.config().getOptions().containsKey(ChannelOption.TCP_NODELAY)) {
            channel.config().setOption(ChannelOption.TCP_NODELAY, noDelay);
        }
        return this;
    }

    @Override
    public NetSocket setKeepAlive(boolean enable, Duration initialDelay) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        applyKeepAlive(channel, enable, initialDelay);
        return this;
    }

    /** SO_KEEPALIVE and TCP_KEEPIDLE, with whichever option type the channel's transport understands. */
    static void applyKeepAlive(Channel channel, boolean enable, Duration initialDelay) {
        if (!channel.config().getOptions().containsKey(ChannelOption.SO_KEEPALIVE)) {
            return;
        }
        channel.config().setOption(ChannelOption.SO_KEEPALIVE, enable);
        if (enable && !initialDelay.isZero()) {
            int seconds = (int) Math.max(1, initialDelay.toSeconds());
            if (channel instanceof io.netty.channel.epoll.EpollSocketChannel) {
                channel.config().setOption(EpollChannelOption.TCP_KEEPIDLE, seconds);
            } else if (channel instanceof io.netty.channel.socket.nio.NioSocketChannel) {
                channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), seconds);
            }
        }
    }

    // ---------------------------------------------------------------- properties

    private void addresses() {
        if (remote == null && channel.remoteAddress() instanceof InetSocketAddress r) {
            remote = SocketAddress.from(r);
        }
        if (local == null && channel.localAddress() instanceof InetSocketAddress l) {
            local = SocketAddress.from(l);
        }
    }

    @Override
    public @Nullable SocketAddress remote() {
        addresses();
        return remote;
    }

    @Override
    public @Nullable SocketAddress local() {
        addresses();
        return local;
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public long bufferSize() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    @Override
    public ReadyState readyState() {
        if (destroyed || !channel.isOpen()) {
            return ReadyState.CLOSED;
        }
        if (!channel.isActive()) {
            return ReadyState.OPENING;
        }
        if (inputShutdown && outputShutdown) {
            return ReadyState.CLOSED;
        }
        if (inputShutdown) {
            return ReadyState.WRITE_ONLY;
        }
        if (outputShutdown) {
            return ReadyState.READ_ONLY;
        }
        return ReadyState.OPEN;
    }

    @Override
    public boolean destroyed() {
        return destroyed || !channel.isOpen();
    }

    @Override
    public List<String> autoSelectFamilyAttemptedAddresses() {
        return attemptedAddresses;
    }

    @Override
    public @Nullable String path() {
        // The remote end's path on a client; on a server-side socket the peer is an unnamed socket
        // (empty path), so the server's own path, the local one, is the answer.
        String remotePath = DomainAddresses.pathOf(channel.remoteAddress());
        if (remotePath != null && !remotePath.isEmpty()) {
            return remotePath;
        }
        String localPath = DomainAddresses.pathOf(channel.localAddress());
        return localPath != null && !localPath.isEmpty() ? localPath : remotePath;
    }

    @Override
    public Channel unwrap() {
        return channel;
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    @Override
    public String toString() {
        String p = path();
        return "NetSocket[" + (p != null ? p : (local() + " <-> " + remote())) + ", " + readyState().nodeName() + "]";
    }
}
