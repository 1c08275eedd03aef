package io.reactivenet.internal.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.reactivenet.NetException;
import io.reactivenet.tls.TlsSession;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Sits right behind the {@code SslHandler} (or the {@code SniHandler} that becomes one) and turns
 * the handshake's outcome into a Mono: Node's {@code 'secureConnect'} / {@code 'secure'}, or the
 * failure with Node's code. A connection that closes before the handshake ends fails it with
 * {@code ECONNRESET}, as Node says. Events are passed on unchanged.
 *
 * <p>Threading: Netty calls it on the channel's loop; {@link #handshake()} and {@link #session()}
 * may be read from any thread.
 */
final class TlsWatch extends ChannelInboundHandlerAdapter {

    private final Sinks.One<TlsSession> done = Sinks.one();
    private final long timeoutMillis;
    private volatile @Nullable String serverName;
    private volatile @Nullable TlsSession session;
    private @Nullable ScheduledFuture<?> timeout;

    /**
     * {@code timeoutMillis} (0: none) bounds the whole handshake from the connection's start, SNI
     * lookup included: Netty's {@code SniHandler} with AUTO_READ off and an async mapping does not
     * bound a silent client or a resolver that never answers.
     */
    TlsWatch(@Nullable String clientServerName, long timeoutMillis) {
        this.serverName = clientServerName;
        this.timeoutMillis = timeoutMillis;
    }

    Mono<TlsSession> handshake() {
        return done.asMono();
    }

    @Nullable TlsSession session() {
        return session;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SniCompletionEvent sni) {
            serverName = sni.hostname();
        } else if (evt instanceof SslHandshakeCompletionEvent hs) {
            cancelTimeout();
            if (hs.isSuccess()) {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                TlsSession s = describe(ssl);
                session = s;
                done.tryEmitValue(s);
            } else {
                done.tryEmitError(fail(ctx, hs.cause()));
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * The socket reads only on demand (AUTO_READ off) and its handler sees no demand before the
     * handshake ends: the handshake's own reads are ours to ask for, until it is done.
     */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startTimeout(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startTimeout(ctx);
        ctx.fireChannelActive();
        readForHandshake(ctx);
    }

    private void startTimeout(ChannelHandlerContext ctx) {
        if (timeoutMillis <= 0 || timeout != null || session != null) {
            return;
        }
        timeout = ctx.executor().schedule(() -> {
            if (session == null) {
                InetSocketAddress remote = ctx.channel().remoteAddress() instanceof InetSocketAddress r ? r : null;
                done.tryEmitError(new NetException(TlsErrors.ERR_TLS_HANDSHAKE_TIMEOUT, "TLS handshake timeout", null,
                        remote == null ? null : remote.getAddress().getHostAddress(), remote == null ? -1 : remote.getPort(), null));
                ctx.channel().close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void cancelTimeout() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        ctx.fireChannelReadComplete();
        readForHandshake(ctx);
    }

    private void readForHandshake(ChannelHandlerContext ctx) {
        if (session == null && ctx.channel().isActive() && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimeout();
        if (session == null) {
            done.tryEmitError(fail(ctx, new java.nio.channels.ClosedChannelException()));
        }
        ctx.fireChannelInactive();
    }

    private static NetException fail(ChannelHandlerContext ctx, Throwable cause) {
        InetSocketAddress remote = ctx.channel().remoteAddress() instanceof InetSocketAddress r ? r : null;
        return TlsErrors.translate(cause, remote == null ? null : remote.getAddress().getHostAddress(),
                remote == null ? -1 : remote.getPort());
    }

    private TlsSession describe(SslHandler ssl) {
        SSLSession s = ssl.engine().getSession();
        List<X509Certificate> peer = new ArrayList<>();
        try {
            for (Certificate c : s.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    peer.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // no certificate from the peer: an empty list
        }
        String name = serverName;
        if (name == null && !ssl.engine().getUseClientMode() && s instanceof ExtendedSSLSession ext) {
            for (SNIServerName n : ext.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    name = h.getAsciiName();
                }
            }
        }
        String alpn = ssl.applicationProtocol();
        return new TlsSession(s.getProtocol(), s.getCipherSuite(), peer, alpn, name);
    }
}
