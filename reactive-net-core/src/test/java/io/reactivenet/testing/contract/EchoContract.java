package io.reactivenet.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.CloseEvent;
import io.reactivenet.ListeningServer;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ReadyState;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.TransportFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Echo round trip; 'end' comes before 'close'; hadError is true after a reset. Runs over every transport. */
public abstract class EchoContract {

    protected static final Duration T = Duration.ofSeconds(10);

    protected abstract TransportFixture transport();

    @Test
    void echoRoundTripThenEndBeforeClose() {
        ListeningServer server = transport().listen(ServerOptions.defaults(), s -> s.send(s.inbound())).block(T);
        try {
            NetSocket client = transport().connect(server).block(T);
            assertThat(client.readyState()).isEqualTo(ReadyState.OPEN);
            List<String> order = new CopyOnWriteArrayList<>();
            client.onClose().subscribe(c -> order.add("close"));
            StepVerifier.create(client.inbound().map(Bytes::utf8).doOnComplete(() -> order.add("end")))
                    .then(() -> client.write("hello").subscribe())
                    .expectNext("hello")
                    .then(() -> client.end().subscribe())
                    .expectComplete()
                    .verify(T);
            CloseEvent close = client.onClose().block(T);
            assertThat(close.hadError()).isFalse();
            // block() may see the close before the loop thread has told the earlier subscriber.
            io.reactivenet.testing.Await.until("'close' reported", T, () -> order.size() == 2);
            assertThat(order).containsExactly("end", "close");
            assertThat(client.bytesWritten()).isEqualTo(5);
            assertThat(client.bytesRead()).isEqualTo(5);
            assertThat(client.readyState()).isEqualTo(ReadyState.CLOSED);
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void peerResetGivesHadErrorAndEconnreset() {
        Assumptions.assumeTrue(transport().tcp(), "Unix domain sockets have no RST");
        ListeningServer server = transport().listen(ServerOptions.defaults(),
                s -> s.inbound().take(1).then(Mono.fromRunnable(s::resetAndDestroy))).block(T);
        try {
            NetSocket client = transport().connect(server).block(T);
            StepVerifier.create(client.inbound())
                    .then(() -> client.write("x").subscribe())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NetException.class)
                            .extracting(x -> ((NetException) x).code()).isEqualTo(NetException.ECONNRESET))
                    .verify(T);
            CloseEvent close = client.onClose().block(T);
            assertThat(close.hadError()).isTrue();
            assertThat(close.error()).isInstanceOf(NetException.class);
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void resetIsRefusedOnSocketsWithoutRst() {
        Assumptions.assumeFalse(transport().tcp(), "TCP sockets can reset");
        ListeningServer server = transport().listen(ServerOptions.defaults(), s -> s.send(s.inbound())).block(T);
        try {
            NetSocket client = transport().connect(server).block(T);
            org.assertj.core.api.Assertions.assertThatThrownBy(client::resetAndDestroy)
                    .isInstanceOf(NetException.class)
                    .extracting(e -> ((NetException) e).code()).isEqualTo("ERR_INVALID_HANDLE_TYPE");
            client.destroy();
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void secondInboundSubscriberIsRefused() {
        ListeningServer server = transport().listen(ServerOptions.defaults(), s -> s.send(s.inbound())).block(T);
        try {
            NetSocket client = transport().connect(server).block(T);
            client.inbound().subscribe();
            StepVerifier.create(client.inbound())
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code())
                            .isEqualTo(NetException.ERR_STREAM_ALREADY_SUBSCRIBED))
                    .verify(T);
            client.destroy();
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void writeAfterEndFails() {
        // The server keeps its side open, so our socket stays half-closed (readOnly) while we check.
        ListeningServer server = transport().listen(ServerOptions.defaults().allowHalfOpen(true),
                s -> s.inbound().then(Mono.never())).block(T);
        try {
            NetSocket client = transport().connect(server).block(T);
            client.end().block(T);
            assertThat(client.readyState()).isEqualTo(ReadyState.READ_ONLY);
            StepVerifier.create(client.write("late"))
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code())
                            .isEqualTo(NetException.ERR_STREAM_WRITE_AFTER_END))
                    .verify(T);
            client.destroy();
        } finally {
            server.closeNow().block(T);
        }
    }
}
