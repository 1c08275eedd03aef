package io.reactivenet.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ReadyState;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.testing.Bytes;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opt-in evidence, not a test of ours (runs only under {@code -Pupstream-evidence}): Netty 4.2.17's
 * own NIO domain socket channel ignores ALLOW_HALF_CLOSURE, so the peer's FIN closes it and drops
 * queued writes. reactive-net binds and connects Unix sockets on NIO with its own half-closing
 * channels ({@code ipc.internal.HalfClosingNio*}); when this test fails, a Netty upgrade fixed the
 * bug and those channels can go.
 */
class NioDomainHalfCloseEvidenceIT {

    @TempDir
    Path dir;

    @Test
    void nettysOwnNioDomainChannelStillClosesOnThePeersFin() throws Exception {
        Path p = dir.resolve("netty.sock");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<String> outcome = new CompletableFuture<>();
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerDomainSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                            if (evt instanceof ChannelInputShutdownEvent) {
                                outcome.complete("half-closed");
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            outcome.complete("closed");
                        }
                    })
                    .bind(UnixDomainSocketAddress.of(p)).sync().channel();
            Channel client = new Bootstrap().group(group).channel(NioDomainSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(UnixDomainSocketAddress.of(p)).sync().channel();
            client.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1})).sync();
            ((NioDomainSocketChannel) client).shutdownOutput().sync();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("closed");
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            java.nio.file.Files.deleteIfExists(p);
        }
    }
}
