package io.reactivenet.internal.socket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.reactivenet.SocketAddress;
import io.reactivenet.internal.DomainAddresses;
import io.reactivenet.internal.TransportSupport;
import io.reactivenet.internal.tls.Tls;
import io.reactivenet.internal.tls.TlsSlices;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What differs between transports (NIO, epoll or io_uring, TCP or Unix domain), in one place, so the rest of
 * the socket never asks which channel class it runs on.
 */
final class Transports {

    private Transports() {
    }

    /** SO_KEEPALIVE and TCP_KEEPIDLE, with whichever option type the channel's transport understands. */
    static void applyKeepAlive(Channel channel, boolean enable, Duration initialDelay) {
        if (!(channel instanceof SocketChannel)) {
            return; // a Unix domain socket: no keep-alive, as Node ignores it on pipes
        }
        channel.config().setOption(ChannelOption.SO_KEEPALIVE, enable);
        if (enable && !initialDelay.isZero()) {
            int seconds = (int) Math.max(1, initialDelay.toSeconds());
            TransportSupport.setKeepIdle(channel, seconds);
        }
    }

    /** TCP_NODELAY where the transport has it (not on Unix domain sockets). */
    static void applyNoDelay(Channel channel, boolean noDelay) {
        // a TCP socket (not config().getOptions(), which reads every option, a getsockopt each)
        if (channel instanceof SocketChannel) {
            channel.config().setOption(ChannelOption.TCP_NODELAY, noDelay);
        }
    }

    /**
     * Sends our FIN and keeps reading, where the channel can half-close; null where it cannot, and
     * the caller closes the channel instead.
     */
    static @Nullable ChannelFuture shutdownOutput(Channel channel) {
        if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            return null;
        }
        SslHandler ssl = Tls.sslHandler(channel);
        if (ssl == null || !Tls.closeNotifyOnEnd(ssl)) {
            return duplex.shutdownOutput();
        }
        // TLS 1.3 on the JDK's engine: close_notify first (Node's end() on a TLSSocket), then the FIN.
        ChannelPromise done = channel.newPromise();
        ssl.closeOutbound().addListener(f -> {
            if (channel.isActive()) {
                duplex.shutdownOutput(done);
            } else {
                done.trySuccess();
            }
        });
        return done;
    }

    /** True for a Unix domain socket, which has no RST (Node: ERR_INVALID_HANDLE_TYPE on resetAndDestroy). */
    static boolean isDomain(Channel channel) {
        return !(channel.remoteAddress() instanceof InetSocketAddress) && path(channel) != null;
    }

    /**
     * The Unix socket path: the remote end's on a client; on a server-side socket the peer is an
     * unnamed socket (empty path), so the server's own path, the local one, is the answer.
     */
    static @Nullable String path(Channel channel) {
        String remotePath = DomainAddresses.pathOf(channel.remoteAddress());
        if (remotePath != null && !remotePath.isEmpty()) {
            return remotePath;
        }
        String localPath = DomainAddresses.pathOf(channel.localAddress());
        return localPath != null && !localPath.isEmpty() ? localPath : remotePath;
    }

    /** An IP address as ours, or null for a Unix socket (or no address yet). */
    static @Nullable SocketAddress ip(java.net.@Nullable SocketAddress address) {
        return address instanceof InetSocketAddress a ? SocketAddress.from(a) : null;
    }

    /** Bytes accepted for writing but not yet handed to the kernel. */
    static long pendingWriteBytes(Channel channel) {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return (out == null ? 0 : out.totalPendingWriteBytes()) + TlsSlices.pendingBytes(channel);
    }
}
