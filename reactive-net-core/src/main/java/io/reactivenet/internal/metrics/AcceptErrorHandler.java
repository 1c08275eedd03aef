package io.reactivenet.internal.metrics;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Consumer;

/**
 * Last handler of a listening channel: receives what accepting threw (EMFILE, ENFILE, ...), which
 * would otherwise reach the pipeline's tail and only be logged. Netty's acceptor, ahead of it, has
 * already turned reading off for a second, so a lasting EMFILE costs one wake-up a second, not a
 * spin; this handler only reports.
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
        onError.accept(cause);
    }
}
