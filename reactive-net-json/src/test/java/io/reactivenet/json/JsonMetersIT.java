package io.reactivenet.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.json.JsonChannelIT.Answer;
import io.reactivenet.json.JsonChannelIT.Ask;
import io.reactivenet.metrics.NetMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link NetMetrics#requestTimeouts} on {@link JsonChannel#request} over real sockets: every
 * request that times out is counted once, answered and cancelled ones are not.
 */
class JsonMetersIT {

    private static final Duration T = JsonChannelIT.T;
    private static final String METER = "reactivenet.json.request.timeouts";

    private static double timeouts(MeterRegistry registry) {
        return registry.get(METER).tag("codec", "ndjson").counter().count();
    }

    @Test
    void everyRequestToAServerThatNeverAnswersIsCountedOnce() {
        MeterRegistry registry = new SimpleMeterRegistry();
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        JsonCodec codec = JsonChannelIT.CODEC.withRequestTimeoutListener(
                NetMetrics.of(registry).<RequestTimeoutException>requestTimeouts("ndjson").andThen(seen::add));
        // Reads everything, answers nothing, keeps the connection open.
        ListeningServer server = Net.createServer(s -> s.inbound().then(Mono.never())).listen(0, "127.0.0.1").block(T);
        NetSocket socket = Net.connect(server.address().port(), "127.0.0.1").block(T);
        try {
            JsonChannel ch = JsonChannel.of(socket, codec, MessageTypes.byType(), "queryId");
            assertThat(timeouts(registry)).as("registered at 0 by requestTimeouts()").isZero();

            // A cancelled request is not a timeout.
            StepVerifier.create(ch.request(new Ask(100, 1), Answer.class, Duration.ofSeconds(30)))
                    .thenAwait(Duration.ofMillis(50))
                    .thenCancel()
                    .verify(T);

            int n = 7;
            List<Throwable> errors = Flux.range(0, n)
                    .flatMap(i -> ch.request(new Ask(i, i), Answer.class, Duration.ofMillis(200 + 50 * i))
                            .map(a -> (Throwable) new AssertionError("answered: " + a))
                            .onErrorResume(Mono::just))
                    .collectList()
                    .block(T);
            assertThat(errors).hasSize(n).allSatisfy(e -> assertThat(e).isInstanceOf(RequestTimeoutException.class));
            assertThat(timeouts(registry)).isEqualTo(n);
            assertThat(seen).as("the listener got the very exceptions the callers got")
                    .containsExactlyInAnyOrderElementsOf(errors);

            // One more, on its own.
            StepVerifier.create(ch.request(new Ask(n, 0), Answer.class, Duration.ofMillis(100)))
                    .expectError(RequestTimeoutException.class)
                    .verify(T);
            assertThat(timeouts(registry)).isEqualTo(n + 1);
            assertThat(ch.pendingRequests()).isZero();
        } finally {
            socket.destroy();
            server.closeNow().block(T);
        }
    }

    @Test
    void answeredRequestsAreNotCountedAndOnlyTheUnansweredOneIs() {
        MeterRegistry registry = new SimpleMeterRegistry();
        JsonCodec codec = JsonChannelIT.CODEC.withRequestTimeoutListener(NetMetrics.of(registry).requestTimeouts("ndjson"));
        // Answers the first 20 requests but the one with queryId 5; then a second connection answers all 20.
        for (long skip : new long[] {5, -1}) {
            ListeningServer server = JsonChannelIT.shufflingServer(20, skip);
            NetSocket socket = Net.connect(server.address().port(), "127.0.0.1").block(T);
            try {
                JsonChannel ch = JsonChannel.of(socket, codec, MessageTypes.byType(), "queryId");
                long answered = Flux.range(0, 20)
                        .flatMap(i -> ch.request(new Ask(i, i), Answer.class, Duration.ofSeconds(2))
                                .onErrorResume(RequestTimeoutException.class, e -> Mono.empty()))
                        .count()
                        .block(T);
                assertThat(answered).isEqualTo(skip < 0 ? 20 : 19);
            } finally {
                socket.destroy();
                server.closeNow().block(T);
            }
        }
        assertThat(timeouts(registry)).as("one unanswered request in 40").isEqualTo(1);
    }

    @Test
    void noTimeoutsMeansZero() {
        MeterRegistry registry = new SimpleMeterRegistry();
        JsonCodec codec = JsonChannelIT.CODEC.withRequestTimeoutListener(NetMetrics.of(registry).requestTimeouts("ndjson"));
        ListeningServer server = JsonChannelIT.shufflingServer(50, -1);
        NetSocket socket = Net.connect(server.address().port(), "127.0.0.1").block(T);
        try {
            JsonChannel ch = JsonChannel.of(socket, codec, MessageTypes.byType(), "queryId");
            StepVerifier.create(Flux.range(0, 50).flatMap(i -> ch.request(new Ask(i, i), Answer.class, Duration.ofSeconds(5))))
                    .expectNextCount(50)
                    .verifyComplete();
            assertThat(timeouts(registry)).isZero();
        } finally {
            socket.destroy();
            server.closeNow().block(T);
        }
    }

    @Test
    void aThrowingListenerDoesNotHideTheTimeout() {
        JsonCodec codec = JsonChannelIT.CODEC.withRequestTimeoutListener(e -> {
            throw new IllegalStateException("listener broke");
        });
        ListeningServer server = Net.createServer(s -> s.inbound().then(Mono.never())).listen(0, "127.0.0.1").block(T);
        NetSocket socket = Net.connect(server.address().port(), "127.0.0.1").block(T);
        try {
            JsonChannel ch = JsonChannel.of(socket, codec, MessageTypes.byType(), "queryId");
            StepVerifier.create(ch.request(new Ask(1, 1), Answer.class, Duration.ofMillis(100)))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RequestTimeoutException.class)
                            .satisfies(t -> assertThat(t.getSuppressed()).singleElement()
                                    .satisfies(s -> assertThat(s).hasMessage("listener broke"))))
                    .verify(T);
        } finally {
            socket.destroy();
            server.closeNow().block(T);
        }
    }
}
