package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Predicate;

/**
 * On the listening channel, ahead of the acceptor: a child the server will not take
 * ({@code maxConnections} reached) is closed right there, on the accepting loop, before it is
 * registered with a worker loop and given a pipeline. A flood of connections past the limit then
 * costs the loops that serve the kept connections nothing: measured with 20,000 attempts against
 * 100 kept connections (docs/reliability.md, "Flood past maxConnections"). Admission on the worker
 * loop stays the authority: a child let through here is checked again there.
 *
 * <p>Threading: Netty calls it on the listening channel's event loop.
 */
final class AcceptGate extends ChannelInboundHandlerAdapter {

    /** Its name in the listening channel's pipeline. */
    static final String NAME = "reactivenet.acceptGate";

    private final Predicate<Channel> drop;

    /** {@code drop}: reports and returns true for a child to close here; it must not block. */
    AcceptGate(Predicate<Channel> drop) {
        this.drop = drop;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child && drop.test(child)) {
            // Not registered with any loop yet: closeForcibly is how Netty's acceptor closes such a child.
            child.unsafe().closeForcibly();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
