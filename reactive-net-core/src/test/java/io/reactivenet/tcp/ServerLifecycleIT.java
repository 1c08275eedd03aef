package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import jdk.net.ExtendedSocketOptions;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListenOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Server lifecycle, errors and counters (TCP only). */
class ServerLifecycleIT {

    static final Duration T = Duration.ofSeconds(10);

    static ListeningServer echo(ServerOptions options) {
        return Net.createServer(options, s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
    }

    @Test
    void closeCompletesOnlyAfterTheLastSocketCloses() {
        ListeningServer server = echo(ServerOptions.defaults());
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        server.events().subscribe(events::add);
        NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(T);
        client.inbound().subscribe();
        Await.until("connection counted", T, () -> server.connectionCount() == 1);
        int port = server.address().port();

        StepVerifier.create(server.close())
                .then(() -> {
                    assertThat(server.isListening()).isFalse();
                    // The listening socket closes asynchronously; from then on connects are refused.
                    Await.until("connects refused", T, () -> {
                        try {
                            Net.connect(port, "127.0.0.1").block(T).destroy();
                            return false;
                        } catch (NetException e) {
                            return e.code().equals("ECONNREFUSED");
                        }
                    });
                    // The open socket still works while the server closes.
                    assertThat(client.write("still here").block(T)).isNull();
                })
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> client.end().subscribe())
                .expectComplete()
                .verify(T);
        assertThat(server.connectionCount()).isZero();
        assertThat(events).hasAtLeastOneElementOfType(ServerEvent.Connection.class)
                .last().isInstanceOf(ServerEvent.Close.class);
        StepVerifier.create(server.close())
                .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isEqualTo("ERR_SERVER_NOT_RUNNING"))
                .verify(T);
    }

    @Test
    void closeNowDestroysOpenSockets() {
        ListeningServer server = echo(ServerOptions.defaults());
        NetSocket a = Net.connect(server.address().port(), "127.0.0.1").block(T);
        NetSocket b = Net.connect(server.address().port(), "127.0.0.1").block(T);
        a.inbound().subscribe(null, e -> { });
        b.inbound().subscribe(null, e -> { });
        Await.until("2 connections", T, () -> server.connectionCount() == 2);
        server.closeNow().block(T);
        assertThat(a.onClose().block(T)).isNotNull();
        assertThat(b.onClose().block(T)).isNotNull();
        assertThat(server.connectionCount()).isZero();
        assertThat(server.isDisposed()).isTrue();
    }

    @Test
    void listenOnAPortInUseFailsWithEaddrinuse() {
        ListeningServer first = echo(ServerOptions.defaults());
        try {
            StepVerifier.create(Net.createServer(s -> s.inbound().then()).listen(first.address().port(), "127.0.0.1"))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(NetException.class);
                        assertThat(((NetException) e).code()).isEqualTo("EADDRINUSE");
                        assertThat(((NetException) e).syscall()).isEqualTo("listen");
                        assertThat(e.getMessage()).contains(String.valueOf(first.address().port()));
                    })
                    .verify(T);
        } finally {
            first.closeNow().block(T);
        }
    }

    @Test
    void badPortsFailBeforeAnyIo() {
        for (int port : new int[] {-1, 65536, 70000}) {
            assertThatThrownBy(() -> Net.createServer(s -> Mono.empty()).listen(port))
                    .isInstanceOf(NetArgumentException.class)
                    .hasMessageContaining(String.valueOf(port))
                    .extracting(e -> ((NetArgumentException) e).code()).isEqualTo("ERR_SOCKET_BAD_PORT");
            assertThatThrownBy(() -> Net.connect(port, "127.0.0.1"))
                    .isInstanceOf(NetArgumentException.class)
                    .extracting(e -> ((NetArgumentException) e).code()).isEqualTo("ERR_SOCKET_BAD_PORT");
        }
        assertThatThrownBy(() -> Net.connect(0, "127.0.0.1"))
                .extracting(e -> ((NetArgumentException) e).code()).isEqualTo("ERR_SOCKET_BAD_PORT");
        assertThatThrownBy(() -> ConnectOptions.to("localhost", 1).family(5))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("5");
        assertThatThrownBy(() -> ServerOptions.defaults().maxConnections(-2))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("-2");
        assertThatThrownBy(() -> ListenOptions.defaults().backlog(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> Net.createServer(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void connectToAClosedPortFailsWithEconnrefused() {
        ListeningServer server = echo(ServerOptions.defaults());
        int port = server.address().port();
        server.closeNow().block(T);
        StepVerifier.create(Net.connect(port, "127.0.0.1"))
                .expectErrorSatisfies(e -> {
                    NetException n = (NetException) e;
                    assertThat(n.code()).isEqualTo("ECONNREFUSED");
                    assertThat(n.syscall()).isEqualTo("connect");
                    assertThat(n.address()).isEqualTo("127.0.0.1");
                    assertThat(n.port()).isEqualTo(port);
                    assertThat(n.getMessage()).isEqualTo("connect ECONNREFUSED 127.0.0.1:" + port);
                })
                .verify(T);
    }

    @Test
    void byteCountersAreExactAfterTenMegabytes() {
        AtomicReference<NetSocket> serverSide = new AtomicReference<>();
        ListeningServer server = Net.createServer(s -> {
            serverSide.set(s);
            return s.send(s.inbound());
        }).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(T);
            int size = 10_000_000;
            byte[] data = Bytes.random(7, size);
            Bytes.Sha256 back = new Bytes.Sha256();
            Mono<Void> read = client.inbound().doOnNext(back::update).then();
            Flux<ByteBuffer> chunks = Flux.range(0, (size + 65535) / 65536)
                    .map(i -> ByteBuffer.wrap(data, i * 65536, Math.min(65536, size - i * 65536)));
            Mono.when(read, client.send(chunks).then(client.end())).block(Duration.ofSeconds(30));
            assertThat(back.hex()).isEqualTo(Bytes.sha256(data));
            assertThat(client.bytesWritten()).isEqualTo(size);
            assertThat(client.bytesRead()).isEqualTo(size);
            client.onClose().block(T);
            serverSide.get().onClose().block(T);
            assertThat(serverSide.get().bytesRead()).isEqualTo(size);
            assertThat(serverSide.get().bytesWritten()).isEqualTo(size);
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void noDelayAndKeepAliveOptionsReachTheChannel() {
        AtomicReference<NetSocket> serverSide = new AtomicReference<>();
        ListeningServer server = Net.createServer(
                ServerOptions.defaults().noDelay(true).keepAlive(true).keepAliveInitialDelay(Duration.ofSeconds(30)),
                s -> {
                    serverSide.set(s);
                    return s.inbound().then();
                }).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket client = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())
                    .noDelay(true).keepAlive(true).keepAliveInitialDelay(Duration.ofSeconds(45))).block(T);
            Await.until("accepted", T, () -> serverSide.get() != null);
            for (NetSocket s : List.of(serverSide.get(), client)) {
                assertThat(s.unwrap().config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
                assertThat(s.unwrap().config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
            }
            if (client.unwrap() instanceof EpollSocketChannel) {
                assertThat(serverSide.get().unwrap().config().getOption(EpollChannelOption.TCP_KEEPIDLE)).isEqualTo(30);
                assertThat(client.unwrap().config().getOption(EpollChannelOption.TCP_KEEPIDLE)).isEqualTo(45);
            } else {
                var keepIdle = NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE);
                assertThat(serverSide.get().unwrap().config().getOption(keepIdle)).isEqualTo(30);
                assertThat(client.unwrap().config().getOption(keepIdle)).isEqualTo(45);
            }
            client.setNoDelay(false).setKeepAlive(false, Duration.ZERO);
            assertThat(client.unwrap().config().getOption(ChannelOption.TCP_NODELAY)).isFalse();
            assertThat(client.unwrap().config().getOption(ChannelOption.SO_KEEPALIVE)).isFalse();
            client.destroy();
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void cancellingListenBeforeItEmitsLeavesNothingBound() {
        // listen, then dispose at once: either it never bound, or it unbinds; the port is free again.
        // Unless the bind won the race: then the server reached the subscriber before the dispose (a
        // terminated subscriber does not cancel), it is the subscriber's, and its owner closes it.
        ListeningServer probe = echo(ServerOptions.defaults());
        int port = probe.address().port();
        probe.closeNow().block(T);
        AtomicReference<ListeningServer> won = new AtomicReference<>();
        Net.createServer(s -> Mono.empty()).listen(port, "127.0.0.1").subscribe(won::set).dispose();
        ListeningServer again = Awaitable.retryListen(port, () -> {
            ListeningServer owned = won.getAndSet(null);
            if (owned != null) {
                owned.closeNow().block(T);
            }
        });
        assertThat(again.address().port()).isEqualTo(port);
        again.closeNow().block(T);
    }

    /** Binding the same port again may race the unbind; retry briefly. */
    static final class Awaitable {
        static ListeningServer retryListen(int port) {
            return retryListen(port, () -> { });
        }

        /** As {@link #retryListen(int)}, running {@code beforeEachTry} first (to close what the test owns). */
        static ListeningServer retryListen(int port, Runnable beforeEachTry) {
            AtomicReference<ListeningServer> s = new AtomicReference<>();
            Await.until("the port to be free", T, () -> {
                beforeEachTry.run();
                try {
                    s.set(Net.createServer(x -> Mono.empty()).listen(port, "127.0.0.1").block(T));
                    return true;
                } catch (NetException e) {
                    return false;
                }
            });
            return s.get();
        }
    }
}
