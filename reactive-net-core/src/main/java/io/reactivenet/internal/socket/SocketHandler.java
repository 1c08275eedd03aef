package io.reactivenet.internal.socket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;

/**
 * The socket's place in the channel pipeline, ahead of Reactor Netty's bridge: it turns Netty's
 * callbacks into calls on the socket's parts and passes on only what is not ours (non-buffer
 * messages, other user events). The bytes never reach Reactor Netty's {@code FluxReceive}.
 *
 * <p>Threading: Netty calls it on the channel's event loop only.
 */
final class SocketHandler extends ChannelDuplexHandler {

    private final SocketImpl socket;

    SocketHandler(SocketImpl socket) {
        this.socket = socket;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        socket.addresses();
        ctx.fireChannelActive();
        socket.inbound.maybeRead();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        socket.outbound.readStarted();
        if (msg instanceof ByteBuf buf) {
            if (!buf.isReadable()) {
                buf.release(); // TLS may hand on an empty buffer (a record with no payload): not 'data'
                return;
            }
            socket.inbound.onData(buf);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (socket.outbound.inReadBurst()) {
            socket.idle.activity(); // as IdleStateHandler: a burst that read something
        }
        socket.outbound.readComplete();
        socket.inbound.maybeRead();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            // TLS: the peer's close_notify is its 'end', as in Node; its TCP FIN follows.
            if (!socket.inbound.peerEnded()) {
                socket.inbound.onPeerEnd();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        socket.lifecycle.terminate(socket.translate(cause, "read"), false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        socket.inbound.onInactive();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            socket.outbound.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }
}
