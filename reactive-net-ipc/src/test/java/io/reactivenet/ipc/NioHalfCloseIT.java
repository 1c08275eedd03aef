package io.reactivenet.ipc;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Half-close on the NIO transport. Netty 4.2.17's own NIO domain channel ignores
 * ALLOW_HALF_CLOSURE (the peer's FIN closes it, dropping queued writes); we bind and connect with
 * our own half-closing NIO channels instead. Evidence that Netty's channel still has the bug lives
 * in the opt-in {@code -Pupstream-evidence} profile ({@code upstream.NioDomainHalfCloseEvidenceIT}).
 */
class NioHalfCloseIT {

    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    @Test
    void onOurNioChannelsThePeersFinOnlyEndsInput() {
        assertThat(stateAfterPeerEnd(Transport.NIO)).isEqualTo(ReadyState.WRITE_ONLY);
        assertThat(stateAfterPeerEnd(Transport.EPOLL)).isEqualTo(ReadyState.WRITE_ONLY);
    }

    /** The server's readyState once the client's FIN was read, with allowHalfOpen. */
    private ReadyState stateAfterPeerEnd(Transport transport) {
        Path p = dir.resolve(transport + ".sock");
        CompletableFuture<ReadyState> seen = new CompletableFuture<>();
        ListeningServer server = Ipc.createServer(ServerOptions.defaults().allowHalfOpen(true),
                        s -> s.inbound().then(Mono.fromRunnable(() -> seen.complete(s.readyState()))))
                .listen(IpcListenOptions.path(p).transport(transport)).block(T);
        try {
            NetSocket client = Ipc.connect(IpcConnectOptions.path(p).transport(transport).allowHalfOpen(true)).block(T);
            client.inbound().subscribe(b -> { }, e -> { });
            client.write(Bytes.utf8("x")).then(client.end()).block(T);
            ReadyState result = Mono.fromFuture(seen).block(T);
            client.destroy();
            return result;
        } finally {
            server.closeNow().block(T);
        }
    }
}
