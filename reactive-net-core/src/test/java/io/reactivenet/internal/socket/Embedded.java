package io.reactivenet.internal.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A socket on Netty's {@link EmbeddedChannel}: everything runs on the test thread, reads are
 * counted, tasks and timers run when the test says so. For the socket's parts, not its transport.
 */
final class Embedded {

    final EmbeddedChannel channel;
    final SocketImpl socket;
    private int reads;

    Embedded(boolean allowHalfOpen, int highWaterMark) {
        channel = new EmbeddedChannel(); // registered and active at once
        channel.config().setAutoRead(false);
        channel.pipeline().addFirst("reads", new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads++;
                ctx.read();
            }
        });
        socket = SocketImpl.install(channel, allowHalfOpen, highWaterMark, Duration.ofSeconds(5));
        // A real channel becomes active after install; this one already is: tell the socket now.
        channel.pipeline().fireChannelActive();
    }

    /** How many times the socket asked the channel to read so far. */
    int reads() {
        return reads;
    }

    /** One read burst from the peer carrying {@code chunks}. */
    void receive(String... chunks) {
        Object[] bufs = new Object[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            bufs[i] = buf(chunks[i]);
        }
        channel.writeInbound(bufs);
    }

    /** Releases whatever the test left in the channel's queues and closes it. */
    void close() {
        channel.finishAndReleaseAll();
    }

    static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    static String text(ByteBuffer b) {
        return StandardCharsets.US_ASCII.decode(b.duplicate()).toString();
    }

    /** The next buffer written to the channel, as text (released), or null if none. */
    String written() {
        ByteBuf b = channel.readOutbound();
        if (b == null) {
            return null;
        }
        try {
            return b.toString(StandardCharsets.US_ASCII);
        } finally {
            b.release();
        }
    }
}
