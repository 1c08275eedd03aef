package io.reactivenet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The situation that drops an fd from Netty's epoll set, made deterministic: the peer sends a few
 * bytes and its FIN; once we read the FIN (half-closure on, no read pending, nothing queued to
 * write) the fd has no interest left. Then we write far more than the socket buffers hold, so the
 * write needs EPOLLOUT. On {@link EpollRegistrations} every byte must arrive.
 */
public class EpollRegistrationsIT {

    static final int SIZE = 16 << 20;
    static EventLoopGroup group;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("repaired-it", true),
                EpollRegistrations.newFactory());
    }

    @AfterAll
    static void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @RepeatedTest(3)
    void aWriteAfterThePeersFinThatNeedsEpolloutArrivesWhole() throws Exception {
        Outcome outcome = writeAfterThePeersFin(group);
        assertThat(outcome.failure()).as("the write's failure").isNull();
        assertThat(outcome.read()).isEqualTo(SIZE);
    }

    /** What the peer read and how our write ended, in the scenario above on {@code group}'s epoll loops. */
    public record Outcome(@org.jspecify.annotations.Nullable Throwable failure, long read) {
    }

    /** Runs the scenario on {@code group} (also used by the opt-in upstream evidence on Netty's own loops). */
    public static Outcome writeAfterThePeersFin(EventLoopGroup group) throws Exception {
        CompletableFuture<Throwable> written = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.read();
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                        ctx.read();
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof ChannelInputShutdownReadComplete) {
                            // Netty empties the interest set right after this event: write from a later task.
                            ctx.executor().execute(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[SIZE]))
                                    .addListener(f -> {
                                        written.complete(f.cause());
                                        ctx.close();
                                    }));
                        }
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        try (Socket client = new Socket()) {
            client.connect(server.localAddress());
            client.getOutputStream().write(new byte[10]);
            client.shutdownOutput();
            long read = 0;
            InputStream in = client.getInputStream();
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                read += n;
            }
            return new Outcome(written.get(30, TimeUnit.SECONDS), read);
        } finally {
            server.close().sync();
        }
    }
}
