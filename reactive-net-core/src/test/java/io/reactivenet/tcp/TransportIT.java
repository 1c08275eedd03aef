package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The {@link Transport} chosen for a group of loops is the one its servers and sockets really run. */
class TransportIT {

    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void autoRunsEpollWhereAvailableElseNio() {
        Transport expected = Transport.EPOLL.isAvailable() ? Transport.EPOLL : Transport.NIO;
        NetLoops loops = NetLoops.create("transport-auto", 1);
        try {
            assertThat(loops.transport()).isEqualTo(expected);
            assertThat(roundTrip(loops)).isInstanceOf(switch (expected) {
                case IO_URING -> IoUringSocketChannel.class;
                case EPOLL -> EpollSocketChannel.class;
                default -> NioSocketChannel.class;
            });
        } finally {
            loops.disposeLater().block(T);
        }
    }

    @Test
    void nioRunsNio() {
        NetLoops loops = NetLoops.create("transport-nio", 1, Transport.NIO);
        try {
            assertThat(loops.transport()).isEqualTo(Transport.NIO);
            assertThat(roundTrip(loops)).isInstanceOf(NioSocketChannel.class);
        } finally {
            loops.disposeLater().block(T);
        }
    }

    @Test
    void ioUringRunsNetty42IoUringWhereAvailable() {
        assumeTrue(Transport.IO_URING.isAvailable(), () -> "io_uring is not available here: "
                + Transport.IO_URING.unavailabilityCause());
        NetLoops loops = NetLoops.create("transport-io_uring", 1, Transport.IO_URING);
        try {
            assertThat(loops.transport()).isEqualTo(Transport.IO_URING);
            assertThat(roundTrip(loops)).isInstanceOf(IoUringSocketChannel.class);
        } finally {
            loops.disposeLater().block(T);
        }
    }

    @Test
    void epollRunsEpollWhereAvailable() {
        assumeTrue(Transport.EPOLL.isAvailable(), "epoll is not available here");
        NetLoops loops = NetLoops.create("transport-epoll", 1, Transport.EPOLL);
        try {
            assertThat(loops.transport()).isEqualTo(Transport.EPOLL);
            assertThat(roundTrip(loops)).isInstanceOf(EpollSocketChannel.class);
        } finally {
            loops.disposeLater().block(T);
        }
    }

    @Test
    void anUnavailableTransportFailsNamingItAndNettysReason() {
        for (Transport transport : Transport.values()) {
            if (transport.isAvailable()) {
                assertThat(transport.unavailabilityCause()).isNull();
                continue;
            }
            Throwable cause = Objects.requireNonNull(transport.unavailabilityCause());
            assertThatThrownBy(() -> NetLoops.create("transport-missing", 1, transport))
                    .isInstanceOf(NetException.class)
                    .hasMessageContaining(transport.name())
                    .hasCause(cause)
                    .extracting(e -> ((NetException) e).code())
                    .isEqualTo(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM);
        }
        assertThat(Transport.AUTO.isAvailable()).isTrue();
        assertThat(Transport.NIO.isAvailable()).isTrue();
    }

    @Test
    void ioUringIsNetty42sNotTheIncubator() {
        // Netty 4.2's io_uring (an optional dependency, on this module's test class path), not 4.1's incubator.
        assertThat(hasClass("io.netty.incubator.channel.uring.IOUring")).isFalse();
        assertThat(hasClass("io.netty.channel.uring.IoUring")).isTrue();
    }

    /** Echoes one message through a server and a client on {@code loops}; returns the client's channel. */
    private static Channel roundTrip(NetLoops loops) {
        ListeningServer server = Net.createServer(ServerOptions.defaults().loops(loops), s -> s.send(s.inbound()))
                .listen(0, "127.0.0.1").block(T);
        Objects.requireNonNull(server);
        try {
            NetSocket client = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port()).loops(loops))
                    .block(T);
            Objects.requireNonNull(client);
            Channel channel = client.unwrap();
            String echoed = client.send(Mono.just(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8))))
                    .then(client.end())
                    .thenMany(client.inbound())
                    .map(b -> StandardCharsets.UTF_8.decode(b).toString())
                    .reduce("", String::concat)
                    .block(T);
            assertThat(echoed).isEqualTo("ping");
            client.onClose().block(T);
            return channel;
        } finally {
            server.closeNow().block(T);
        }
    }

    private static boolean hasClass(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
