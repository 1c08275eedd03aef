package io.reactivenet.internal.metrics;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Consumer;

/**
 * First handler of a listening channel: sees what accepting threw (EMFILE, ENFILE, ...), reports
 * it, and passes it on to Reactor Netty's acceptor, which turns reading off for a second (so a
 * lasting EMFILE costs one wake-up a second, not a spin) and then drops the exception unlogged:
 * hence our place ahead of it.
 *
 * <p>Threading: Netty calls it on the listening channel's event loop.
 */
public final class AcceptErrorHandler extends ChannelInboundHandlerAdapter {

    /** Its name in the listening channel's pipeline. */
    public static final String NAME = "reactivenet.acceptErrors";

    private final Consumer<Throwable> onError;

    public AcceptErrorHandler(Consumer<Throwable> onError) {
        this.onError = onError;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        try {
            onError.accept(cause);
        } finally {
            ctx.fireExceptionCaught(cause);
        }
    }
}
