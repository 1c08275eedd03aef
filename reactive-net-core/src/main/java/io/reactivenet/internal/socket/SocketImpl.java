package io.reactivenet.internal.socket;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.reactivenet.CloseEvent;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ReadyState;
import io.reactivenet.SocketAddress;
import io.reactivenet.internal.Errors;
import io.reactivenet.internal.tls.Tls;
import io.reactivenet.proxy.ProxyHeader;
import io.reactivenet.tls.TlsSession;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.NettyPipeline;

/**
 * The one {@link NetSocket} implementation, for server and client sides, TCP and Unix sockets: a
 * thin face over its parts, as Reactor Netty's {@code ChannelOperations} over {@code FluxReceive}
 * and {@code MonoSendMany}.
 *
 * <ul>
 *   <li>{@link Inbound}: demand, read-ahead bounded by the high-water mark, half-close, splice source;
 *   <li>{@link Outbound} and {@link Sender}: writes, coalescing, {@code end()};
 *   <li>{@link Lifecycle}: destroy, destroySoon, resetAndDestroy, the close rules, {@code 'close'};
 *   <li>{@link IdleWatch}: {@code setTimeout} on the shared {@code IdleTimer} engine;
 *   <li>{@link SocketHandler}: the pipeline handler that feeds them;
 *   <li>{@link Transports}: what differs between NIO, epoll and Unix sockets.
 * </ul>
 *
 * <p>The handler sits ahead of Reactor Netty's bridge, so the bytes never reach {@code FluxReceive}:
 * we need half-close (peer FIN as {@code onComplete} while we keep writing), buffers the subscriber
 * owns, a read-ahead bounded in bytes and exact byte counters, none of which FluxReceive gives (see
 * REACTOR-NETTY-FACTS.md). State is confined to the channel's event loop; calls from other threads
 * hop onto it.
 */
public final class SocketImpl implements NetSocket {

    public static final AttributeKey<SocketImpl> KEY = AttributeKey.valueOf("reactivenet.socket");
    static final String HANDLER = "reactivenet.socket";

    private final Channel channel;
    private final EventLoop loop;
    final Inbound inbound;
    final Outbound outbound;
    final Lifecycle lifecycle;
    final IdleWatch idle;
    private final RefHold refHold = new RefHold();
    private @Nullable LoopScheduler scheduler;

    private volatile @Nullable SocketAddress remote;
    private volatile @Nullable SocketAddress local;
    private volatile List<String> attemptedAddresses = List.of();
    private volatile @Nullable ProxyHeader proxy;

    private SocketImpl(Channel channel, boolean allowHalfOpen, int highWaterMark, Duration endGrace) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.inbound = new Inbound(this, channel, highWaterMark);
        this.outbound = new Outbound(this, channel);
        this.lifecycle = new Lifecycle(this, channel, allowHalfOpen, endGrace.toNanos());
        this.idle = new IdleWatch(this);
        channel.closeFuture().addListener(f -> {
            refHold.closed();
            lifecycle.onChannelClosed();
        });
    }

    /**
     * Installs a socket on a channel being initialized (before it is active): our handler goes last,
     * just ahead of Reactor Netty's bridge. (Small writes are coalesced by {@link Sender}, so the
     * pipeline needs no flush consolidation.)
     */
    public static SocketImpl install(Channel channel, boolean allowHalfOpen, int highWaterMark, Duration endGrace) {
        SocketImpl socket = new SocketImpl(channel, allowHalfOpen, highWaterMark, endGrace);
        SocketHandler handler = new SocketHandler(socket);
        if (channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
            channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, HANDLER, handler);
        } else {
            channel.pipeline().addLast(HANDLER, handler);
        }
        channel.attr(KEY).set(socket);
        ReadBudget.install(channel, socket.inbound);
        return socket;
    }

    /** The socket installed on {@code channel}, or null. */
    public static @Nullable SocketImpl of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** SO_KEEPALIVE and TCP_KEEPIDLE, with whichever option type the channel's transport understands. */
    public static void applyKeepAlive(Channel channel, boolean enable, Duration initialDelay) {
        Transports.applyKeepAlive(channel, enable, initialDelay);
    }

    /**
     * Called by the server before the channel is active: the PROXY header's client becomes
     * {@link #remote()} (when it names one), and {@link #proxy()} keeps the header.
     */
    public void proxied(ProxyHeader header) {
        this.proxy = header;
        if (header.source() != null) {
            this.remote = header.source();
        }
    }

    @Override
    public @Nullable ProxyHeader proxy() {
        return proxy;
    }

    /** Called by the connector with Node's autoSelectFamilyAttemptedAddresses. */
    public void attemptedAddresses(List<String> addresses) {
        this.attemptedAddresses = List.copyOf(addresses);
    }

    // ---------------------------------------------------------------- streams

    @Override
    public Flux<ByteBuffer> inbound() {
        return inbound;
    }

    @Override
    public Mono<Void> write(ByteBuffer data) {
        return outbound.write(data);
    }

    @Override
    public Mono<Void> write(byte[] data) {
        Objects.requireNonNull(data, "data");
        return outbound.write(ByteBuffer.wrap(data.clone()));
    }

    @Override
    public Mono<Void> write(String text) {
        return write(text, StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> write(String text, Charset charset) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(charset, "charset");
        return outbound.write(ByteBuffer.wrap(text.getBytes(charset)));
    }

    @Override
    public Mono<Void> send(Publisher<ByteBuffer> data) {
        return outbound.send(data);
    }

    @Override
    public Mono<Void> end() {
        return outbound.end();
    }

    @Override
    public Mono<Void> end(ByteBuffer data) {
        return write(data).then(end());
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void destroy() {
        lifecycle.destroy();
    }

    @Override
    public void destroy(Throwable error) {
        lifecycle.destroy(error);
    }

    @Override
    public void destroySoon() {
        lifecycle.destroySoon();
    }

    @Override
    public void resetAndDestroy() {
        lifecycle.resetAndDestroy();
    }

    @Override
    public Mono<CloseEvent> onClose() {
        return lifecycle.onClose();
    }

    @Override
    public boolean destroyed() {
        return lifecycle.destroyed();
    }

    // ---------------------------------------------------------------- options

    @Override
    public NetSocket setTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"timeout\" is out of range. It must be >= 0. Received " + timeout);
        }
        onLoop(() -> idle.set(timeout, channel.isOpen()));
        return this;
    }

    @Override
    public Flux<Duration> timeouts() {
        return idle.timeouts();
    }

    /** Bytes moved in either direction: the idle timeout starts again. Event loop only. */
    void activity() {
        idle.activity();
    }

    @Override
    public NetSocket setNoDelay(boolean noDelay) {
        Transports.applyNoDelay(channel, noDelay);
        return this;
    }

    @Override
    public NetSocket setKeepAlive(boolean enable, Duration initialDelay) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Transports.applyKeepAlive(channel, enable, initialDelay);
        return this;
    }

    /**
     * Node's {@code ref()}: this socket keeps the JVM alive until it closes or is unref'd. Client
     * sockets start ref'd ({@code Connector.ready}); a server's accepted sockets start unref'd (the
     * listening server holds the process).
     */
    @Override
    public NetSocket ref() {
        refHold.ref();
        return this;
    }

    @Override
    public NetSocket unref() {
        refHold.unref();
        return this;
    }

    /** Whether this socket holds the process alive now (for tests and the server). */
    public boolean refd() {
        return refHold.refd();
    }

    @Override
    public Scheduler scheduler() {
        LoopScheduler s = scheduler;
        if (s == null) {
            // Benign race: a LoopScheduler is immutable, any instance will do.
            s = new LoopScheduler(loop);
            scheduler = s;
        }
        return s;
    }

    // ---------------------------------------------------------------- properties

    /**
     * Once connected: makes the channel keep its addresses (Netty caches them on the first ask, and
     * a closed socket can no longer be asked), so they outlive the connection as Node's do. Ours are
     * made from them only when someone asks: an idle connection holds none.
     */
    void addresses() {
        channel.remoteAddress();
        channel.localAddress();
    }

    @Override
    public @Nullable SocketAddress remote() {
        SocketAddress a = remote;
        if (a == null) {
            // benign race: two threads may both make it, from the same cached address
            remote = a = Transports.ip(channel.remoteAddress());
        }
        return a;
    }

    @Override
    public @Nullable SocketAddress local() {
        SocketAddress a = local;
        if (a == null) {
            local = a = Transports.ip(channel.localAddress());
        }
        return a;
    }

    @Override
    public long bytesRead() {
        return inbound.bytesRead();
    }

    @Override
    public long bytesWritten() {
        return outbound.bytesWritten();
    }

    @Override
    public long bufferSize() {
        return Transports.pendingWriteBytes(channel);
    }

    @Override
    public ReadyState readyState() {
        if (lifecycle.destroyed()) {
            return ReadyState.CLOSED;
        }
        if (!channel.isActive()) {
            return ReadyState.OPENING;
        }
        boolean peerEnded = inbound.peerEnded();
        boolean ended = outbound.ended();
        if (peerEnded && ended) {
            return ReadyState.CLOSED;
        }
        if (peerEnded) {
            return ReadyState.WRITE_ONLY;
        }
        if (ended) {
            return ReadyState.READ_ONLY;
        }
        return ReadyState.OPEN;
    }

    @Override
    public List<String> autoSelectFamilyAttemptedAddresses() {
        return attemptedAddresses;
    }

    @Override
    public @Nullable String path() {
        return Transports.path(channel);
    }

    @Override
    public boolean isEncrypted() {
        return Tls.isEncrypted(channel);
    }

    @Override
    public @Nullable TlsSession tlsSession() {
        return Tls.session(channel);
    }

    @Override
    public Mono<TlsSession> handshake() {
        return Tls.handshake(channel);
    }

    @Override
    public Mono<TlsSession> upgradeToTls(io.reactivenet.tls.TlsOptions options) {
        return Tls.upgrade(channel, options);
    }

    @Override
    public Channel unwrap() {
        return channel;
    }

    @Override
    public String toString() {
        String p = path();
        return "NetSocket[" + (p != null ? p : (local() + " <-> " + remote())) + ", " + readyState().nodeName() + "]";
    }

    // ---------------------------------------------------------------- for the parts

    /** Runs {@code task} on the event loop: now if already there, else queued in order. */
    void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** {@link #onLoop}, or nothing if the loop has shut down (what it held went with it). */
    void onLoopIfAlive(Runnable task) {
        try {
            onLoop(task);
        } catch (RejectedExecutionException e) {
            // The loop has shut down.
        }
    }

    /** A transport failure as Node's error, with this socket's peer. */
    NetException translate(Throwable cause, String syscall) {
        return Errors.translate(cause, syscall, remoteAddress(), remotePort());
    }
}
