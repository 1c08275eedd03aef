package io.reactivenet.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.Transport;
import io.reactivenet.framing.Framing;
import io.reactivenet.framing.LineCodec;
import io.reactivenet.testing.Bytes;
import io.reactivenet.timeout.IdleReaction;
import io.reactivenet.timeout.Timeouts;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The core's operators (framing, idle timeouts, socket.setTimeout) work unchanged over Unix sockets. */
class OperatorsOverIpcIT {

    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void linesFramingRoundTrip(Transport transport) {
        LineCodec lines = Framing.lines(64);
        // Server: upper-cases each line it gets.
        ListeningServer server = Ipc.createServer(s -> s.send(s.inbound().transform(lines.decoder())
                        .map(b -> Bytes.utf8(Bytes.utf8(b).toUpperCase()))
                        .transform(lines.encoder())))
                .listen(IpcListenOptions.path(dir.resolve("lines.sock")).transport(transport)).block(T);
        try {
            NetSocket client = Ipc.connect(IpcConnectOptions.path(server.path()).transport(transport)).block(T);
            StepVerifier.create(client.inbound().transform(lines.decoder()).map(Bytes::utf8))
                    .then(() -> client.send(Flux.just("al", "pha\nbe", "ta\r\ngam", "ma\n").map(Bytes::utf8))
                            .then(client.end()).subscribe())
                    .expectNext("ALPHA", "BETA", "GAMMA")
                    .expectComplete()
                    .verify(T);
        } finally {
            server.close().block(T);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void idleTimeoutsFire(Transport transport) {
        ListeningServer server = Ipc.createServer(raw -> {
                    NetSocket s = Timeouts.idle(Duration.ofMillis(200), IdleReaction.CLOSE).apply(raw);
                    return s.inbound().then();
                })
                .listen(IpcListenOptions.path(dir.resolve("idle.sock")).transport(transport)).block(T);
        try {
            NetSocket client = Ipc.connect(IpcConnectOptions.path(server.path()).transport(transport)).block(T);
            // Node's socket.setTimeout on the client side: 'timeout' is emitted, the socket stays open.
            client.setTimeout(Duration.ofMillis(100));
            StepVerifier.create(client.timeouts().take(1)).expectNext(Duration.ofMillis(100)).expectComplete().verify(T);
            // The server's watch closes the idle connection: the client sees the end.
            StepVerifier.create(client.inbound()).expectComplete().verify(T);
            assertThat(client.onClose().block(T)).isNotNull();
        } finally {
            server.close().block(T);
        }
    }

}
