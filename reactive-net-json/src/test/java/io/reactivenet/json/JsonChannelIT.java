package io.reactivenet.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Acceptance 3: request/response correlation over a real socket, out-of-order responses, timeouts that leave nothing behind. */
class JsonChannelIT {

    static final Duration T = Duration.ofSeconds(20);
    static final JsonMapper MAPPER = JsonMapper.shared();
    static final JsonCodec CODEC = JsonCodec.ndjson(MAPPER);

    record Ask(long queryId, int payload) {
    }

    record Answer(long queryId, int echo) {
    }

    /** A server that reads {@code n} requests, then answers all but {@code skip} in shuffled order, and keeps the connection open. */
    static ListeningServer shufflingServer(int n, long skip) {
        return Net.createServer(s -> s.send(s.inbound()
                        .transform(CODEC.decoder())
                        .take(n)
                        .collectList()
                        .flatMapMany(reqs -> {
                            List<JsonNode> shuffled = new ArrayList<>(reqs);
                            Collections.shuffle(shuffled, new Random(42));
                            return Flux.fromIterable(shuffled)
                                    .filter(r -> r.get("queryId").asLong() != skip)
                                    .map(r -> {
                                        ObjectNode a = MAPPER.createObjectNode();
                                        a.put("type", "answer");
                                        a.set("queryId", r.get("queryId"));
                                        a.put("echo", r.get("payload").asInt());
                                        return a;
                                    });
                        })
                        .transform(CODEC.encoder()::apply))
                .then(Mono.never()))
                .listen(0, "127.0.0.1").block(T);
    }

    @Test
    void thousandConcurrentRequestsWithShuffledResponsesResolveToTheirCallersAndTheMissingOneTimesOut() {
        ListeningServer server = shufflingServer(1000, 500);
        NetSocket socket = Net.connect(server.address().port(), "127.0.0.1").block(T);
        try {
            JsonChannel ch = JsonChannel.of(socket, CODEC, MessageTypes.byType(), "queryId");
            Map<Long, Object> results = new ConcurrentHashMap<>();
            Flux.range(0, 1000)
                    .flatMap(i -> ch.request(new Ask(i, i * 7 + 1), Answer.class, Duration.ofSeconds(3))
                            .map(a -> (Object) a)
                            .onErrorResume(e -> Mono.just(e))
                            .doOnNext(r -> results.put((long) i, r)), 1000)
                    .blockLast(T);
            assertThat(results).hasSize(1000);
            for (long i = 0; i < 1000; i++) {
                if (i == 500) {
                    assertThat(results.get(i)).isInstanceOfSatisfying(RequestTimeoutException.class, e -> {
                        assertThat(e.code()).isEqualTo(NetException.ETIMEDOUT);
                        assertThat(e.getMessage()).contains("queryId=500").contains("3000 ms");
                        assertThat(e.id()).isEqualTo("500");
                    });
                } else {
                    assertThat(results.get(i)).isEqualTo(new Answer(i, (int) i * 7 + 1));
                }
            }
            assertThat(ch.pendingRequests()).isZero();
            assertThat(ch.unsolicited()).isZero();
        } finally {
            socket.destroy();
            server.closeNow().block(T);
        }
    }

    @Test
    void connectionEndFailsPendingRequestsAndLaterOnes() {
        // The server reads one request and ends the connection without answering.
        ListeningServer server = Net.createServer(s -> s.inbound().take(1).then()).listen(0, "127.0.0.1").block(T);
        NetSocket socket = Net.connect(server.address().port(), "127.0.0.1").block(T);
        try {
            JsonChannel ch = JsonChannel.of(socket, CODEC, MessageTypes.byType(), "queryId");
            StepVerifier.create(ch.request(new Ask(1, 1), Answer.class, Duration.ofSeconds(10)))
                    .expectErrorSatisfies(e -> {
                        assertThat(((NetException) e).code()).isEqualTo(NetException.ERR_SOCKET_CLOSED);
                        assertThat(e).hasMessageContaining("queryId=1");
                    })
                    .verify(T);
            assertThat(ch.pendingRequests()).isZero();
            StepVerifier.create(ch.request(new Ask(2, 1), Answer.class, Duration.ofSeconds(10)))
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isEqualTo(NetException.ERR_SOCKET_CLOSED))
                    .verify(T);
            assertThat(ch.pendingRequests()).isZero();
        } finally {
            socket.destroy();
            server.closeNow().block(T);
        }
    }

    @Test
    void badRequestsFailClearlyAndCancelForgetsTheRequest() {
        ListeningServer server = shufflingServer(1000, -1);
        NetSocket socket = Net.connect(server.address().port(), "127.0.0.1").block(T);
        try {
            JsonChannel ch = JsonChannel.of(socket, CODEC, MessageTypes.byType(), "queryId");
            StepVerifier.create(ch.request(Map.of("payload", 1), Answer.class))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("\"queryId\"").hasMessageContaining("payload"))
                    .verify(T);
            var first = ch.request(new Ask(9, 1), Answer.class).subscribe();
            StepVerifier.create(ch.request(new Ask(9, 2), Answer.class))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("queryId=9"))
                    .verify(T);
            assertThat(ch.pendingRequests()).isEqualTo(1);
            first.dispose();
            assertThat(ch.pendingRequests()).isZero();
            StepVerifier.create(ch.frames())
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code())
                            .isEqualTo(NetException.ERR_STREAM_ALREADY_SUBSCRIBED))
                    .verify(T);
        } finally {
            socket.destroy();
            server.closeNow().block(T);
        }
    }

    @Test
    void typedSendAndReceiveUseTheDiscriminator() {
        record Greeting(String name) {
        }
        MessageTypes types = MessageTypes.byType().register("greeting", Greeting.class);
        ListeningServer server = Net.createServer(s -> {
            JsonChannel ch = JsonChannel.of(s, CODEC, types);
            return ch.send(ch.receive(Greeting.class).map(g -> new Greeting(g.name() + "!")));
        }).listen(0, "127.0.0.1").block(T);
        NetSocket socket = Net.connect(server.address().port(), "127.0.0.1").block(T);
        try {
            JsonChannel ch = JsonChannel.of(socket, CODEC, types);
            StepVerifier.create(ch.frames())
                    .then(() -> ch.send(new Greeting("Ann")).subscribe())
                    .assertNext(f -> assertThat(f).isEqualTo(new JsonFrame.Value<>(new Greeting("Ann!"), 0)))
                    .then(() -> socket.write("{\"type\":\"other\",\"x\":1}\n{\"type\":\"greeting\",\"name\":\"Bo\"}\n").subscribe())
                    .assertNext(f -> assertThat(((JsonFrame.Value<Object>) f).value()).isEqualTo(new Greeting("Bo!")))
                    .then(() -> ch.end().subscribe())
                    .verifyComplete();
            assertThat(MAPPER.writeValueAsString(types.write(MAPPER, new Greeting("x"))))
                    .isEqualTo("{\"type\":\"greeting\",\"name\":\"x\"}");
        } finally {
            socket.destroy();
            server.closeNow().block(T);
        }
    }

    @Test
    void aLateResponseAfterTheTimeoutIsUnsolicitedNotDeliveredToAnyone() {
        ListeningServer server = Net.createServer(s -> s.send(s.inbound()
                        .transform(CODEC.decoder())
                        .delayElements(Duration.ofMillis(800))
                        .map(r -> {
                            ObjectNode a = MAPPER.createObjectNode();
                            a.set("queryId", r.get("queryId"));
                            a.put("echo", r.get("payload").asInt());
                            return a;
                        })
                        .transform(CODEC.encoder()::apply))
                .then(Mono.never()))
                .listen(0, "127.0.0.1").block(T);
        NetSocket socket = Net.connect(server.address().port(), "127.0.0.1").block(T);
        try {
            JsonChannel ch = JsonChannel.of(socket, CODEC, MessageTypes.byType(), "queryId");
            StepVerifier.create(ch.request(new Ask(1, 5), Answer.class, Duration.ofMillis(200)))
                    .expectError(RequestTimeoutException.class)
                    .verify(T);
            assertThat(ch.pendingRequests()).isZero();
            // The answer still arrives, and is counted as unsolicited instead of completing anything.
            Flux.interval(Duration.ofMillis(10)).filter(x -> ch.unsolicited() == 1).blockFirst(T);
            // The same id can be used again and gets its own answer.
            StepVerifier.create(ch.request(new Ask(1, 6), Answer.class, Duration.ofSeconds(5)))
                    .expectNext(new Answer(1, 6))
                    .verifyComplete();
            assertThat(ch.pendingRequests()).isZero();
        } finally {
            socket.destroy();
            server.closeNow().block(T);
        }
    }
}
