package io.reactivenet.internal.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.reactivenet.NetException;
import io.reactivenet.internal.address.IpAddresses;
import io.reactivenet.internal.proxy.ProxyProtocols;
import java.net.InetSocketAddress;
import io.reactivenet.tls.TlsOptions;
import io.reactivenet.tls.TlsSession;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The socket's TLS hooks: puts the TLS handlers at the head of a channel's pipeline (so every
 * byte below our socket handler is ciphertext and every byte it sees is plaintext) and answers the
 * socket's questions: encrypted?, which session?, when does the handshake end?
 *
 * <p>Byte-bounded backpressure holds through TLS because nothing here reads on its own beyond the
 * handshake: the {@code SslHandler} passes our socket's {@code read()} calls down, and its queue of
 * plaintext not yet encrypted counts against the channel's write watermarks.
 */
public final class Tls {

    static final String SSL = "reactivenet.tls";
    static final String WATCH = "reactivenet.tls.watch";
    private static final AttributeKey<TlsWatch> KEY = AttributeKey.valueOf("reactivenet.tls");

    /**
     * Override of the close_notify rule of {@link #closeNotifyOnEnd}: system property
     * {@code reactivenet.tls.closeNotifyOnEnd} = {@code true} (always) or {@code false} (never);
     * unset: the rule decides.
     */
    private static final @Nullable String CLOSE_NOTIFY_OVERRIDE = System.getProperty("reactivenet.tls.closeNotifyOnEnd");

    private Tls() {
    }

    /**
     * Client side: TLS toward {@code host:port}. The server name (SNI and the certificate check) is
     * {@link TlsOptions#serverName()} or else {@code host}; no SNI is sent for an IP address.
     */
    public static void installClient(Channel channel, TlsOptions options, String host, int port) {
        SslContext context = TlsContexts.client(options);
        String name = options.serverName() != null ? options.serverName() : host;
        SslHandler ssl = context.newHandler(channel.alloc(), name, port);
        configure(ssl, options);
        install(channel, ssl, IpAddresses.isIP(name) == 0 ? name : null, options.handshakeTimeout().toMillis());
    }

    /** The handler's timeouts from {@code options}: handshake, close_notify flush and read. */
    static SslHandler configure(SslHandler ssl, TlsOptions options) {
        ssl.setHandshakeTimeoutMillis(options.handshakeTimeout().toMillis());
        ssl.setCloseNotifyFlushTimeoutMillis(options.closeNotifyFlushTimeout().toMillis());
        ssl.setCloseNotifyReadTimeoutMillis(options.closeNotifyReadTimeout().toMillis());
        return ssl;
    }

    /** Server side: TLS with the server's current settings (a new connection after {@code updateTls} gets the new ones). */
    public static void installServer(Channel channel, ServerTls tls) {
        install(channel, tls.newHandler(channel), null, tls.handshakeTimeoutMillis());
    }

    private static void install(Channel channel, ChannelHandler ssl, @Nullable String serverName, long timeoutMillis) {
        TlsWatch watch = new TlsWatch(serverName, timeoutMillis);
        ChannelPipeline p = channel.pipeline();
        String proxy = ProxyProtocols.tlsGoesAfter(p); // a PROXY header precedes the TLS bytes
        if (proxy != null) {
            p.addAfter(proxy, SSL, ssl);
            p.addAfter(SSL, WATCH, watch);
        } else {
            p.addFirst(WATCH, watch);
            p.addFirst(SSL, ssl);
        }
        channel.attr(KEY).set(watch);
    }

    /**
     * STARTTLS: puts TLS on a plain, open channel, as a server if it was accepted (it has a
     * parent), else as a client toward its remote host; emits the session once the handshake is
     * done (on failure the channel is closed). Runs at once when called on the channel's loop (from
     * a write's completion, typically), so no read can slip between the last plaintext byte and
     * the TLS layer; bytes the socket has already read stay plaintext, writes made before this call
     * stay plaintext, later ones are encrypted.
     */
    public static Mono<TlsSession> upgrade(Channel channel, TlsOptions options) {
        return Mono.<TlsSession>create(sink -> {
            Runnable install = () -> {
                if (isEncrypted(channel)) {
                    sink.error(new NetException("ERR_TLS_INVALID_STATE", "the socket already speaks TLS"));
                    return;
                }
                if (!channel.isActive()) {
                    sink.error(new NetException("ERR_SOCKET_CLOSED", "Socket is closed"));
                    return;
                }
                try {
                    if (channel.parent() != null) {
                        installServer(channel, ServerTls.of(options));
                    } else {
                        InetSocketAddress remote = channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
                        installClient(channel, options, remote == null ? "localhost" : remote.getHostString(),
                                remote == null ? -1 : remote.getPort());
                    }
                } catch (RuntimeException e) {
                    sink.error(e);
                    return;
                }
                channel.read(); // the handshake's first read: the socket may have no demand now
                handshake(channel).doOnError(e -> channel.close()).subscribe(sink::success, sink::error);
            };
            if (channel.eventLoop().inEventLoop()) {
                install.run();
            } else {
                channel.eventLoop().execute(install);
            }
        });
    }

    /** Whether the channel speaks TLS (Node's {@code socket.encrypted}). */
    public static boolean isEncrypted(Channel channel) {
        return channel.attr(KEY).get() != null;
    }

    /** The completed handshake's session, or null (plain socket, or handshake not done). */
    public static @Nullable TlsSession session(Channel channel) {
        TlsWatch w = channel.attr(KEY).get();
        return w == null ? null : w.session();
    }

    /** Completes with the session once the handshake is done; empty for a plain socket. */
    public static Mono<TlsSession> handshake(Channel channel) {
        TlsWatch w = channel.attr(KEY).get();
        return w == null ? Mono.empty() : w.handshake();
    }

    /**
     * {@code value} once the handshake is done; on failure the channel is closed and the handshake's
     * error (with Node's code) is signalled. A plain channel gives {@code value} at once.
     */
    public static <T> Mono<T> afterHandshake(Channel channel, T value) {
        TlsWatch w = channel.attr(KEY).get();
        if (w == null) {
            return Mono.just(value);
        }
        return w.handshake().thenReturn(value).doOnError(e -> channel.close());
    }

    /**
     * Closes the channel under the TLS layer, so no close_notify goes out first: for
     * {@code resetAndDestroy}, whose RST must read as Node's {@code ECONNRESET} on the peer, not as
     * a clean TLS close followed by a RST nobody reads. A plain channel is simply closed.
     */
    public static ChannelFuture closeBelowTls(Channel channel) {
        ChannelHandlerContext ssl = channel.pipeline().context(SSL);
        // ctx.close() starts at the handler before the SslHandler: the SslHandler never sees it.
        return ssl == null ? channel.close() : ssl.close();
    }

    /**
     * Whether {@code end()} sends close_notify before its FIN (as Node's {@code end()} on a
     * TLSSocket) on this connection, or a bare FIN under the TLS stream. close_notify is sent when
     * it only closes our direction, which is what {@code end()} means (the peer may still write:
     * {@code allowHalfOpen}):
     * <ul>
     *   <li>TLS 1.3 on the JDK's engine: yes. TLS 1.3 makes close_notify a half-close, and the
     *       JDK's engine keeps reading after it (and, receiving one, keeps writing unless
     *       {@code jdk.tls.acknowledgeCloseNotify} is set).</li>
     *   <li>TLS 1.2: no. TLS 1.2 makes close_notify a full close: the receiver must answer with its
     *       own and stop writing, so a half-open peer could not reply.</li>
     *   <li>The OpenSSL engine (netty-tcnative): no. Netty's engine closes both directions when it
     *       <em>receives</em> a close_notify, whatever the version; a peer on that engine, ours
     *       included, could not reply after it. With it, a peer's close_notify also ends our
     *       writing (documented in docs/tls.md).</li>
     * </ul>
     * A bare FIN still reads as 'end' to Node (it ignores an EOF without close_notify) and to us.
     */
    public static boolean closeNotifyOnEnd(SslHandler ssl) {
        if (CLOSE_NOTIFY_OVERRIDE != null) {
            return Boolean.parseBoolean(CLOSE_NOTIFY_OVERRIDE);
        }
        return !(ssl.engine() instanceof ReferenceCountedOpenSslEngine)
                && "TLSv1.3".equals(ssl.engine().getSession().getProtocol());
    }

    /** The handler that encrypts, or null: for our FIN, which must follow a close_notify. */
    public static @Nullable SslHandler sslHandler(Channel channel) {
        return channel.attr(KEY).get() == null ? null : channel.pipeline().get(SslHandler.class);
    }
}
