package io.reactivenet.internal.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes of one channel (or, shared, of every channel of a server) at the head of the
 * pipeline, where they are the bytes on the wire: each read is one sample of
 * {@code data.received}, each write handed to the channel one sample of {@code data.sent} (as
 * Reactor Netty records them). Stateless, hence sharable.
 *
 * <p>Threading: Netty calls it on each channel's event loop.
 */
@ChannelHandler.Sharable
final class TrafficHandler extends ChannelDuplexHandler {

    /** Its name in the pipeline. */
    static final String NAME = "reactivenet.metrics";

    private final DistributionSummary received;
    private final DistributionSummary sent;

    TrafficHandler(DistributionSummary received, DistributionSummary sent) {
        this.received = received;
        this.sent = sent;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        int n = size(msg);
        if (n > 0) {
            received.record(n);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        int n = size(msg);
        if (n > 0) {
            sent.record(n);
        }
        ctx.write(msg, promise);
    }

    private static int size(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        return msg instanceof ByteBufHolder holder ? holder.content().readableBytes() : 0;
    }
}
