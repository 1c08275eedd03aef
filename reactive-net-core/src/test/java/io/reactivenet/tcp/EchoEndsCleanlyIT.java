package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.reactivenet.CloseEvent;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.testing.Bytes;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The plain echo, {@code s.send(s.inbound())}, with Node's default {@code allowHalfOpen=false}:
 * the client writes, ends and reads to the end. The peer's FIN auto-ends the server's side, both
 * FINs close the socket, and all of that must happen after the echo's {@code send} has seen its
 * upstream complete: the handler completes normally and neither side's {@code 'close'} reports an
 * error, as Node's {@code socket.pipe(socket)}. Many short connections, since the old failure
 * depended on whether the FIN's shutdown completed within the same loop turn.
 */
class EchoEndsCleanlyIT {

    static final Duration T = Duration.ofSeconds(30);
    static final int ROUNDS = 200;
    static final @Nullable NetLoops EPOLL = Epoll.isAvailable() ? NetLoops.create("echo-ends", 1, Transport.EPOLL) : null;

    @AfterAll
    static void close() {
        if (EPOLL != null) {
            EPOLL.disposeLater().block(T);
        }
    }

    /** The spliced echo and the copying one (an operator in between). */
    enum Echo {
        SPLICED(s -> s.send(s.inbound())),
        COPYING(s -> s.send(s.inbound().map(b -> b)));

        final Function<NetSocket, Mono<Void>> handler;

        Echo(Function<NetSocket, Mono<Void>> handler) {
            this.handler = handler;
        }
    }

    static java.util.stream.Stream<Arguments> cases() {
        return java.util.stream.Stream.of(Transport.NIO, Transport.EPOLL)
                .flatMap(t -> java.util.stream.Stream.of(Echo.values()).map(e -> Arguments.of(t, e)));
    }

    /** The server side of one connection: how its handler ended, and its 'close'. */
    record ServerSide(Mono<String> handler, Mono<CloseEvent> closed) {
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void theEchoEndsWithoutError(Transport transport, Echo echo) throws InterruptedException {
        @Nullable NetLoops loops = transport == Transport.EPOLL ? EPOLL : null;
        Assumptions.assumeTrue(transport == Transport.NIO || loops != null, "epoll is not available here");
        BlockingQueue<ServerSide> sides = new LinkedBlockingQueue<>();
        ServerOptions options = loops == null ? ServerOptions.defaults() : ServerOptions.defaults().loops(loops);
        ListeningServer server = Net.createServer(options, s -> {
            Sinks.One<String> outcome = Sinks.one();
            sides.add(new ServerSide(outcome.asMono(), s.onClose()));
            return echo.handler.apply(s)
                    .doOnSuccess(v -> outcome.tryEmitValue("completed"))
                    .doOnError(e -> outcome.tryEmitValue("failed: " + e));
        }).listen(0, "127.0.0.1").block(T);
        try {
            ConnectOptions to = ConnectOptions.to("127.0.0.1", server.address().port());
            ConnectOptions connect = loops == null ? to : to.loops(loops);
            for (int i = 0; i < ROUNDS; i++) {
                // Mostly one segment; every tenth round more than the socket buffers hold.
                int size = i % 10 == 9 ? 1 << 20 : 1 + i * 37 % 4000;
                byte[] data = Bytes.random(i, size);
                NetSocket client = Net.connect(connect).block(T);
                Bytes.Sha256 back = new Bytes.Sha256();
                Mono.when(client.inbound().doOnNext(back::update).then(),
                        client.write(data).then(client.end())).block(T);
                assertThat(back.count()).as("round %d: bytes echoed", i).isEqualTo(size);
                assertThat(back.hex()).as("round %d: bytes echoed", i).isEqualTo(Bytes.sha256(data));
                CloseEvent clientClosed = client.onClose().block(T);
                assertThat(clientClosed.hadError()).as("round %d: client's close %s", i, clientClosed).isFalse();

                ServerSide side = sides.poll(T.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(side).as("round %d: the server saw the connection", i).isNotNull();
                assertThat(side.handler().block(T)).as("round %d: the server's handler", i).isEqualTo("completed");
                CloseEvent serverClosed = side.closed().block(T);
                assertThat(serverClosed.hadError()).as("round %d: server's close %s", i, serverClosed).isFalse();
            }
        } finally {
            server.closeNow().block(T);
        }
    }
}
