package io.reactivenet;

import io.reactivenet.proxy.ProxyHeader;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One TCP (or Unix domain) connection, on the server or the client side.
 *
 * <p>Node counterpart: {@code net.Socket}. Its events become signals: {@code 'data'} is
 * {@code onNext} of {@link #inbound()}, {@code 'end'} its {@code onComplete}, {@code 'error'} its
 * {@code onError}, {@code 'close'} is {@link #onClose()}, {@code 'timeout'} is {@link #timeouts()}.
 * {@code write()}'s boolean and {@code 'drain'} are replaced by backpressure: see {@link #send}.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. Signals of {@link #inbound()}
 * are delivered on the connection's event loop: do not block there.
 *
 * <p><b>Backpressure.</b> Inbound: the socket reads only while the subscriber has outstanding
 * demand; with none, reading stops and TCP flow control pushes back on the peer (Node's
 * {@code pause()}/{@code resume()}). Outbound: {@link #send} requests from its publisher only while
 * the bytes queued in the socket stay under the high-water mark (Netty's write watermarks, Node's
 * {@code writableHighWaterMark}).
 *
 * <p><b>Buffer ownership.</b> A {@code ByteBuffer} delivered by {@link #inbound()} belongs to the
 * subscriber: it stays valid after {@code onNext} returns and is never reused. A buffer passed to
 * {@link #write(ByteBuffer)} or {@link #send} must not be modified until the returned {@code Mono}
 * completes (the bytes are written from it without a copy where possible).
 */
public interface NetSocket extends Disposable {

    /**
     * The bytes the peer sends: {@code 'data'} = onNext, {@code 'end'} (peer FIN) = onComplete,
     * {@code 'error'} = onError. Single subscriber: a second subscription fails with
     * {@code ERR_STREAM_ALREADY_SUBSCRIBED}. Completes too when we destroy the socket ourselves.
     */
    Flux<ByteBuffer> inbound();

    /** Writes and flushes the bytes; completes when they reached the kernel (Node's write callback). */
    Mono<Void> write(ByteBuffer data);

    /** {@link #write(ByteBuffer)} of a copy of {@code data}. */
    Mono<Void> write(byte[] data);

    /** Writes {@code text} encoded as UTF-8. */
    Mono<Void> write(String text);

    /** Writes {@code text} in {@code charset}. */
    Mono<Void> write(String text, Charset charset);

    /**
     * Writes every buffer of {@code data} in order, requesting more only while the socket is
     * writable (queued bytes under the high-water mark). Completes when the publisher completed and
     * every byte reached the kernel; errors if the publisher or a write fails. Cancelling the
     * returned Mono cancels the publisher. Several concurrent {@code send}s interleave at buffer
     * boundaries.
     */
    Mono<Void> send(Publisher<ByteBuffer> data);

    /** Half-closes our side after pending writes (Node's {@code socket.end()}): the peer sees 'end'. */
    Mono<Void> end();

    /** Writes {@code data}, then half-closes (Node's {@code socket.end(data)}). */
    Mono<Void> end(ByteBuffer data);

    /** Closes the socket now (Node's {@code destroy()}); pending writes are dropped. */
    void destroy();

    /** Closes the socket now with an error: {@link #inbound()} and {@link #onClose()} report it. */
    void destroy(Throwable error);

    /** Ends our side once pending writes are flushed, then closes (Node's {@code destroySoon()}). */
    void destroySoon();

    /**
     * Closes with a TCP RST (SO_LINGER 0): the peer sees ECONNRESET (Node's {@code resetAndDestroy()}).
     * Throws {@code ERR_INVALID_HANDLE_TYPE} on a Unix domain socket, which has no RST (as Node).
     */
    void resetAndDestroy();

    /** {@link #destroy()}, for {@link Disposable}. */
    @Override
    default void dispose() {
        destroy();
    }

    @Override
    default boolean isDisposed() {
        return destroyed();
    }

    /** Node's {@code 'close'}: completes with the close event once the socket is fully closed. */
    Mono<CloseEvent> onClose();

    /**
     * Node's {@code socket.setTimeout(timeout)}: after {@code timeout} without bytes in either
     * direction, {@link #timeouts()} emits; the socket stays open (as in Node) unless the caller
     * reacts. {@link Duration#ZERO} disables it. Fires once per idle period.
     */
    NetSocket setTimeout(Duration timeout);

    /** Node's {@code 'timeout'} events: one element per idle period of the current {@link #setTimeout}. */
    Flux<Duration> timeouts();

    /**
     * Node's {@code socket.ref()}: while this socket is open, it keeps the JVM alive (a non-daemon
     * thread waits; event loop threads are daemons). Sockets from {@code Net.connect} and {@code Ipc.connect}
     * start ref'd, as in Node; sockets a server accepted start unref'd, the listening server holding
     * the JVM instead (see {@code ListeningServer.ref()}). Idempotent; nothing on a closed socket.
     *
     * @return this socket
     */
    NetSocket ref();

    /**
     * Node's {@code socket.unref()}: this socket no longer keeps the JVM alive, so a JVM whose only
     * open handles are unref'd sockets and servers exits once its own threads end. The socket stays
     * open and usable. Idempotent; nothing on a closed socket.
     *
     * @return this socket
     */
    NetSocket unref();

    /** Node's {@code socket.setNoDelay(noDelay)} (TCP_NODELAY). */
    NetSocket setNoDelay(boolean noDelay);

    /** Node's {@code socket.setKeepAlive(enable, initialDelay)}; {@code Duration.ZERO} keeps the OS default. */
    NetSocket setKeepAlive(boolean enable, Duration initialDelay);

    /** The peer's address, as Node's remoteAddress/remotePort/remoteFamily; null for Unix sockets or when closed before connecting. */
    @Nullable SocketAddress remote();

    /**
     * What the load balancer's PROXY protocol header said, and the balancer's own address, on a
     * server socket accepted with {@code ServerOptions.proxyProtocol(ON | AUTO)}; null otherwise
     * (client sockets, servers without it, AUTO connections that came without a header). When it
     * names a client, {@link #remote()} is that client. No Node counterpart.
     */
    default @Nullable ProxyHeader proxy() {
        return null;
    }

    /** Our address, as Node's localAddress/localPort/localFamily (and {@code socket.address()}). */
    @Nullable SocketAddress local();

    /** Node's {@code remoteAddress}, or null. */
    default @Nullable String remoteAddress() {
        SocketAddress a = remote();
        return a == null ? null : a.address();
    }

    /** Node's {@code remotePort}, or -1. */
    default int remotePort() {
        SocketAddress a = remote();
        return a == null ? -1 : a.port();
    }

    /** Node's {@code remoteFamily} ("IPv4"/"IPv6" as Node prints it), or null. */
    default @Nullable String remoteFamily() {
        SocketAddress a = remote();
        return a == null ? null : (a.family().equals("ipv6") ? "IPv6" : "IPv4");
    }

    /** Node's {@code localAddress}, or null. */
    default @Nullable String localAddress() {
        SocketAddress a = local();
        return a == null ? null : a.address();
    }

    /** Node's {@code localPort}, or -1. */
    default int localPort() {
        SocketAddress a = local();
        return a == null ? -1 : a.port();
    }

    /** Node's {@code localFamily}, or null. */
    default @Nullable String localFamily() {
        SocketAddress a = local();
        return a == null ? null : (a.family().equals("ipv6") ? "IPv6" : "IPv4");
    }

    /** Node's {@code socket.address()}: our bound address. */
    default @Nullable SocketAddress address() {
        return local();
    }

    /** Bytes received so far (Node's {@code bytesRead}). */
    long bytesRead();

    /** Bytes written to the kernel so far (Node's {@code bytesWritten}). */
    long bytesWritten();

    /** Bytes accepted by write/send but not yet written to the kernel (Node's {@code writableLength}/bufferSize). */
    long bufferSize();

    /** Node's {@code readyState}. */
    ReadyState readyState();

    /**
     * Node's {@code socket.connecting}: a connect is under way and has not completed yet. Sockets
     * handed out by reactive-net are already connected, so this is false for them.
     */
    default boolean connecting() {
        return readyState() == ReadyState.OPENING;
    }

    /**
     * Node's {@code socket.pending}: the socket has no open connection, either because it is still
     * {@link #connecting() connecting} or because it has been {@link #destroyed() destroyed} (Node:
     * {@code !this._handle || this.connecting}). Unlike {@link #connecting()}, it becomes true again
     * once the socket is destroyed.
     */
    default boolean pending() {
        return connecting() || destroyed();
    }

    /** Node's {@code socket.destroyed}. */
    boolean destroyed();

    /** Node's {@code socket.autoSelectFamilyAttemptedAddresses}: "ip:port" strings, in the order tried. */
    List<String> autoSelectFamilyAttemptedAddresses();

    /** For a Unix domain socket, the path (or abstract name); null for TCP. */
    default @Nullable String path() {
        return null;
    }

    /**
     * The socket's event loop as a Reactor {@link Scheduler}: tasks run on the socket's I/O thread,
     * one at a time, in the order they were scheduled, the thread that delivers {@link #inbound()}.
     * Use it to hop there (e.g. {@code publishOn(socket.scheduler())} before {@link #send}, so each
     * write is a direct one) or to run timers beside the socket. Never block in a task: the thread
     * serves every socket of its loop. Disposing the scheduler does not stop the loop; once the
     * loop has shut down, scheduling throws {@link java.util.concurrent.RejectedExecutionException}.
     * Every call returns a scheduler on the same thread.
     */
    Scheduler scheduler();

    /** Node's {@code socket.encrypted}: whether this socket speaks TLS. */
    default boolean isEncrypted() {
        return false;
    }

    /**
     * What the TLS handshake agreed on (protocol, cipher, peer certificates, ALPN, SNI); null on a
     * plain socket or before the handshake has completed. Sockets handed out by a TLS server or a
     * TLS connect have completed it.
     */
    default io.reactivenet.tls.@Nullable TlsSession tlsSession() {
        return null;
    }

    /**
     * Node's {@code 'secureConnect'} (client) / {@code 'secure'} (server): emits the session once the
     * handshake has completed (at once if it already has), fails with the handshake's error (Node's
     * code: {@code DEPTH_ZERO_SELF_SIGNED_CERT}, {@code ERR_TLS_HANDSHAKE_TIMEOUT}…); empty on a plain
     * socket.
     */
    default Mono<io.reactivenet.tls.TlsSession> handshake() {
        return Mono.empty();
    }

    /**
     * STARTTLS (Node's {@code new tls.TLSSocket(socket)}): starts TLS on this plain socket, as the
     * TLS server on a socket a server accepted ({@code options} then need key material), as the TLS
     * client on one we connected. Bytes before the call stay plaintext, bytes after it are
     * encrypted, and the same {@link #inbound()} goes on with the decrypted bytes. Call it once the
     * last plaintext write has completed (from that write's completion, the server side cannot read
     * the peer's first TLS bytes as plaintext). Emits the session when the handshake is done; fails
     * with Node's TLS codes, or {@code ERR_TLS_INVALID_STATE} on a socket that already speaks TLS.
     */
    default Mono<io.reactivenet.tls.TlsSession> upgradeToTls(io.reactivenet.tls.TlsOptions options) {
        return Mono.error(new NetException("ERR_TLS_INVALID_STATE", "this socket cannot start TLS"));
    }

    /**
     * The escape hatch: the Netty channel under this socket, for what this API does not cover (raw
     * channel options, extra pipeline handlers). The pipeline is ours: what you change there may
     * break the socket's backpressure, half-close or byte counts, and this type may change with the
     * transport. Prefer the methods above, {@link #scheduler()} included.
     */
    io.netty.channel.Channel unwrap();
}
