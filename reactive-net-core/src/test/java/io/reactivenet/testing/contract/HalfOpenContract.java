package io.reactivenet.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ReadyState;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.TransportFixture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Half-open sockets, both allowHalfOpen values, both sides. Runs over every transport. */
public abstract class HalfOpenContract {

    protected static final Duration T = Duration.ofSeconds(10);

    protected abstract TransportFixture transport();

    @Test
    void clientEndsServerStillRepliesThenEnds() {
        ListeningServer server = transport().listen(ServerOptions.defaults().allowHalfOpen(true),
                s -> s.inbound().map(Bytes::utf8).reduce("", String::concat)
                        .flatMap(got -> s.write("reply to " + got))
                        .then(s.end())).block(T);
        try {
            NetSocket client = transport().connect(server, ConnectOptions.to(1).allowHalfOpen(true)).block(T);
            StepVerifier.create(client.inbound().map(Bytes::utf8).reduce("", String::concat))
                    .then(() -> client.write("question").then(client.end()).subscribe())
                    .expectNext("reply to question")
                    .expectComplete()
                    .verify(T);
            assertThat(client.onClose().block(T).hadError()).isFalse();
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void withoutHalfOpenTheServerEndsWhenThePeerEnds() {
        Sinks.One<Throwable> lateWrite = Sinks.one();
        ListeningServer server = transport().listen(ServerOptions.defaults().allowHalfOpen(false),
                s -> s.inbound().then(Mono.defer(() -> s.write("too late")))
                        .doOnError(lateWrite::tryEmitValue)
                        .onErrorResume(e -> Mono.empty())).block(T);
        try {
            NetSocket client = transport().connect(server, ConnectOptions.to(1).allowHalfOpen(true)).block(T);
            StepVerifier.create(client.inbound().map(Bytes::utf8))
                    .then(() -> client.end().subscribe())
                    .expectComplete()
                    .verify(T);
            // Node: the automatic end() runs before the user's 'end' listeners, so their writes fail.
            assertThat(lateWrite.asMono().block(T)).isInstanceOf(NetException.class)
                    .extracting(e -> ((NetException) e).code()).isEqualTo(NetException.ERR_STREAM_WRITE_AFTER_END);
            assertThat(client.onClose().block(T).hadError()).isFalse();
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void serverEndsAndAHalfOpenClientKeepsWriting() {
        Sinks.One<String> serverGot = Sinks.one();
        ListeningServer server = transport().listen(ServerOptions.defaults().allowHalfOpen(true),
                s -> s.end().then(s.inbound().map(Bytes::utf8).reduce("", String::concat)
                        .doOnNext(serverGot::tryEmitValue)).then()).block(T);
        try {
            NetSocket client = transport().connect(server, ConnectOptions.to(1).allowHalfOpen(true)).block(T);
            StepVerifier.create(client.inbound())
                    .expectComplete()
                    .verify(T);
            assertThat(client.readyState()).isEqualTo(ReadyState.WRITE_ONLY);
            client.write("after your end").then(client.end()).block(T);
            assertThat(serverGot.asMono().block(T)).isEqualTo("after your end");
            assertThat(client.onClose().block(T).hadError()).isFalse();
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void serverEndsAndAClientWithoutHalfOpenEndsToo() {
        AtomicReference<NetSocket> serverSide = new AtomicReference<>();
        Sinks.Empty<Void> serverSawEnd = Sinks.empty();
        ListeningServer server = transport().listen(ServerOptions.defaults().allowHalfOpen(true),
                s -> {
                    serverSide.set(s);
                    return s.end().then(s.inbound().then()).doOnSuccess(v -> serverSawEnd.tryEmitEmpty());
                }).block(T);
        try {
            NetSocket client = transport().connect(server, ConnectOptions.to(1).allowHalfOpen(false)).block(T);
            StepVerifier.create(client.inbound()).expectComplete().verify(T);
            serverSawEnd.asMono().block(T);
            assertThat(client.onClose().block(T).hadError()).isFalse();
            assertThat(serverSide.get().onClose().block(T).hadError()).isFalse();
        } finally {
            server.closeNow().block(T);
        }
    }
}
