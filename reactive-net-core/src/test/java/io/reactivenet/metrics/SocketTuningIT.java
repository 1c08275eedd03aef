package io.reactivenet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.reactivenet.CloseEvent;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.SocketTuning;
import io.reactivenet.Transport;
import io.reactivenet.internal.socket.SocketImpl;
import io.reactivenet.testing.Await;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

/** The typed socket options reach the kernel on both sides, read back from the channels, on NIO and epoll. */
class SocketTuningIT {

    private static final Duration T = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void optionsAreSetOnBothSides(Transport transport) throws Exception {
        assumeTrue(transport.isAvailable(), transport + " is not available here");
        NetLoops loops = NetLoops.create("tuning-" + transport, 1, transport);
        SocketTuning tuning = SocketTuning.defaults().receiveBufferSize(96 * 1024).sendBufferSize(80 * 1024)
                .trafficClass(0x10).keepAliveInterval(Duration.ofSeconds(3)).keepAliveCount(4);
        List<NetSocket> accepted = new CopyOnWriteArrayList<>();
        ListeningServer server = Net.createServer(
                ServerOptions.defaults().loops(loops).keepAlive(true).tuning(tuning),
                s -> {
                    accepted.add(s);
                    return s.inbound().then();
                }).listen(0, "127.0.0.1").block(T);
        NetSocket client = null;
        try {
            client = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port()).loops(loops)
                    .keepAlive(true).tuning(SocketTuning.defaults().receiveBufferSize(96 * 1024))).block(T);
            Await.until("accepted", T, () -> accepted.size() == 1);
            Channel s = channel(accepted.get(0));
            Channel c = channel(client);
            assertThat(s.config().getOption(ChannelOption.SO_RCVBUF)).isIn(96 * 1024, 2 * 96 * 1024);
            assertThat(s.config().getOption(ChannelOption.SO_SNDBUF)).isIn(80 * 1024, 2 * 80 * 1024);
            assertThat(c.config().getOption(ChannelOption.SO_RCVBUF)).isIn(96 * 1024, 2 * 96 * 1024);
            assertThat(s.config().getOption(ChannelOption.IP_TOS)).isEqualTo(0x10);
            assertThat(s.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
            assertThat(c.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
            assertThat(keepAlive(s)).as("server interval, count").containsExactly(3, 4);
            assertThat(keepAlive(c)).as("client: Node's 1 s and 10 by default").containsExactly(1, 10);
        } finally {
            if (client != null) {
                client.destroy();
            }
            server.closeNow().block(T);
            loops.disposeLater().block(T);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void lingerZeroResetsOnClose(Transport transport) {
        assumeTrue(transport.isAvailable(), transport + " is not available here");
        NetLoops loops = NetLoops.create("linger-" + transport, 1, transport);
        List<NetSocket> accepted = new CopyOnWriteArrayList<>();
        ListeningServer server = Net.createServer(ServerOptions.defaults().loops(loops), s -> {
            accepted.add(s);
            return s.inbound().then();
        }).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket client = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port()).loops(loops)
                    .tuning(SocketTuning.defaults().linger(Duration.ZERO).option(ChannelOption.SO_LINGER, 0)))
                    .block(T);
            Await.until("accepted", T, () -> accepted.size() == 1);
            client.destroy();
            CloseEvent closed = accepted.get(0).onClose().block(T);
            assertThat(closed.hadError()).isTrue();
            assertThat(((NetException) closed.error()).code()).isEqualTo("ECONNRESET");
        } finally {
            server.closeNow().block(T);
            loops.disposeLater().block(T);
        }
    }

    private static List<Integer> keepAlive(Channel ch) {
        if (ch instanceof EpollSocketChannel) {
            return List.of(ch.config().getOption(EpollChannelOption.TCP_KEEPINTVL),
                    ch.config().getOption(EpollChannelOption.TCP_KEEPCNT));
        }
        return List.of(ch.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL)),
                ch.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT)));
    }

    private static Channel channel(NetSocket socket) throws ReflectiveOperationException {
        Field f = SocketImpl.class.getDeclaredField("channel");
        f.setAccessible(true);
        return (Channel) f.get(socket);
    }
}
