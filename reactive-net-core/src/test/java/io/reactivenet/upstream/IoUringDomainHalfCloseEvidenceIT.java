package io.reactivenet.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in evidence, not a test of ours: it runs only under {@code -Pupstream-evidence}, never in the
 * default suite.
 *
 * <p>Netty 4.2.17's (and 4.2.18's) io_uring Unix domain socket ignores {@code ALLOW_HALF_CLOSURE}:
 * {@code AbstractIoUringChannel.isAllowHalfClosure} accepts only a {@code SocketChannelConfig}, and
 * {@code IoUringDomainSocketChannelConfig} is a {@code DuplexChannelConfig}. So the peer's FIN closes
 * the channel instead of firing {@code ChannelInputShutdownEvent}, and a reply written after it is
 * lost; the same bug NIO's domain channel has (see the ipc module's {@code NioHalfCloseIT}). The channel
 * class is final, so reactive-net cannot substitute a half-closing one as it does for NIO: the ipc
 * module refuses {@code Transport.IO_URING} for Unix sockets. When this test fails, Netty has fixed
 * the bug and io_uring Unix sockets can be offered (and join the {@code *IpcIT} contract suites).
 */
class IoUringDomainHalfCloseEvidenceIT {

    @TempDir
    Path dir;

    @Test
    void nettysIoUringDomainSocketStillClosesOnThePeersFin() throws Exception {
        Assumptions.assumeTrue(IoUring.isAvailable(), () -> "io_uring is not available here: " + IoUring.unavailabilityCause());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("netty-io_uring", true),
                IoUringIoHandler.newFactory());
        CompletableFuture<String> serverSaw = new CompletableFuture<>();
        try {
            DomainSocketAddress address = new DomainSocketAddress(dir.resolve("s.sock").toString());
            Channel server = new ServerBootstrap().group(group)
                    .channel(IoUringServerDomainSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ReferenceCountUtil.release(msg);
                        }

                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                            if (evt instanceof ChannelInputShutdownEvent) {
                                serverSaw.complete("input shut down, still open: " + ctx.channel().isOpen());
                                ctx.close();
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            serverSaw.complete("closed");
                        }
                    })
                    .bind(address).sync().channel();
            try {
                IoUringDomainSocketChannel client = (IoUringDomainSocketChannel) new Bootstrap().group(group)
                        .channel(IoUringDomainSocketChannel.class)
                        .handler(new ChannelInboundHandlerAdapter())
                        .connect(address).sync().channel();
                client.shutdownOutput().sync();
                String outcome = serverSaw.get(10, TimeUnit.SECONDS);
                client.close().sync();
                assertThat(outcome).as("Netty's io_uring domain socket closed on the peer's FIN despite"
                        + " ALLOW_HALF_CLOSURE (another outcome: Netty fixed it)").isEqualTo("closed");
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
