package io.reactivenet.internal.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.reactivenet.NetException;
import io.reactivenet.SocketAddress;
import io.reactivenet.internal.DomainAddresses;
import io.reactivenet.proxy.ProxyHeader;
import io.reactivenet.proxy.ProxyProtocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Holds an accepted channel's activation until its PROXY header is known. Sits after the decoder
 * (or AUTO's detector) and before the socket's handler and Reactor Netty's bridge, which therefore
 * see {@code channelActive}, the handler call included, only once the server has admitted the
 * connection with the header's client as its peer. It then steps out of the pipeline.
 *
 * <p>Threading: Netty calls it on the channel's event loop only, the timeout task included.
 */
final class ProxyGate extends ChannelInboundHandlerAdapter {

    private enum State { WAITING, OPEN, CLOSED }

    private final ProxyProtocol mode;
    private final Duration timeout;
    private final Admission admission;
    private State state = State.WAITING;
    private @Nullable ScheduledFuture<?> timer;

    ProxyGate(ProxyProtocol mode, Duration timeout, Admission admission) {
        this.mode = mode;
        this.timeout = timeout;
        this.admission = admission;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Not passed on: the handler runs once the header is in (see open).
        timer = ctx.executor().schedule(() -> onTimeout(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.read(); // auto-read is off; the decoder asks for more reads itself until it has a header
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.OPEN) {
            ctx.fireChannelRead(msg);
        } else if (msg instanceof HAProxyMessage header && state == State.WAITING) {
            ProxyHeader parsed;
            try {
                parsed = toHeader(header, ctx.channel());
            } catch (RuntimeException e) { // an address our SocketAddress refuses
                fail(ctx, "Invalid PROXY protocol header from " + peer(ctx.channel()) + ": " + e.getMessage(), e);
                return;
            } finally {
                header.release();
            }
            open(ctx, parsed);
        } else {
            ReferenceCountUtil.release(msg); // closed: nobody will read it
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.OPEN) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ProxyDetector.NO_HEADER) {
            if (state == State.WAITING) {
                open(ctx, null);
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.OPEN) {
            ctx.fireExceptionCaught(cause);
        } else if (state == State.WAITING) {
            fail(ctx, "Invalid PROXY protocol header from " + peer(ctx.channel()) + ": " + cause.getMessage(), cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.OPEN) {
            ctx.fireChannelInactive();
        } else {
            // Closed before a header (e.g. a balancer's TCP health check): the handler never saw
            // the channel active, so it must not see it inactive either.
            state = State.CLOSED;
            cancelTimer();
        }
    }

    private void onTimeout(ChannelHandlerContext ctx) {
        if (state != State.WAITING || !ctx.channel().isOpen()) {
            return;
        }
        if (mode == ProxyProtocol.AUTO && ctx.pipeline().get(ProxyProtocols.DETECTOR) != null) {
            open(ctx, null); // no header signature yet: a direct client waiting for us to speak
            if (ctx.pipeline().get(ProxyProtocols.DETECTOR) != null) {
                ctx.pipeline().remove(ProxyProtocols.DETECTOR); // passes on what it held, through the open gate
            }
            return;
        }
        fail(ctx, "No PROXY protocol header from " + peer(ctx.channel()) + " within " + timeout.toMillis()
                + " ms", null);
    }

    private void open(ChannelHandlerContext ctx, @Nullable ProxyHeader header) {
        cancelTimer();
        if (!admission.admit(ctx.channel(), header)) {
            state = State.CLOSED;
            return;
        }
        state = State.OPEN;
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    private void fail(ChannelHandlerContext ctx, String message, @Nullable Throwable cause) {
        state = State.CLOSED;
        cancelTimer();
        ctx.close();
        admission.rejected(new NetException(ProxyProtocols.ERR_PROXY_PROTOCOL, message, cause));
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
            timer = null;
        }
    }

    private static String peer(Channel channel) {
        if (channel.remoteAddress() instanceof InetSocketAddress remote) {
            SocketAddress a = SocketAddress.from(remote);
            return a.family().equals("ipv6") ? "[" + a.address() + "]:" + a.port() : a.address() + ":" + a.port();
        }
        String path = DomainAddresses.pathOf(channel.localAddress());
        return "unix:" + (path == null ? "?" : path);
    }

    static ProxyHeader toHeader(HAProxyMessage message, Channel channel) {
        int version = message.protocolVersion() == HAProxyProtocolVersion.V1 ? 1 : 2;
        SocketAddress balancer = channel.remoteAddress() instanceof InetSocketAddress r ? SocketAddress.from(r) : null;
        String path = balancer == null ? DomainAddresses.pathOf(channel.localAddress()) : null;
        HAProxyProxiedProtocol proto = message.proxiedProtocol();
        boolean ip = proto == HAProxyProxiedProtocol.TCP4 || proto == HAProxyProxiedProtocol.TCP6
                || proto == HAProxyProxiedProtocol.UDP4 || proto == HAProxyProxiedProtocol.UDP6;
        if (message.command() == HAProxyCommand.LOCAL || !ip || message.sourceAddress() == null) {
            return new ProxyHeader(version, null, null, balancer, path);
        }
        SocketAddress source = SocketAddress.of(message.sourceAddress(), message.sourcePort());
        SocketAddress destination = message.destinationAddress() == null ? null
                : SocketAddress.of(message.destinationAddress(), message.destinationPort());
        return new ProxyHeader(version, source, destination, balancer, path);
    }
}
