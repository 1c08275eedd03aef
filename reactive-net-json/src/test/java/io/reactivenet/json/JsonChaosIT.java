package io.reactivenet.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.framing.FramingException;
import io.reactivenet.testing.chaos.ChaosAssert;
import io.reactivenet.testing.chaos.ChaosCase;
import io.reactivenet.testing.chaos.ChaosProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON request/response contract ({@link JsonChannel} over NDJSON and length-prefixed framing)
 * through the chaos proxy, over the twenty seeded mixes: every reply goes to its own request, with
 * the request's payload. With a half-close or reset, a request gets its own reply or a named error
 * (ECONNRESET, EPIPE, ERR_SOCKET_CLOSED, ERR_FRAME_TRUNCATED), never another's reply and never a
 * timeout (a hang).
 */
class JsonChaosIT {

    static final Duration T = Duration.ofSeconds(30);
    static final JsonMapper MAPPER = JsonMapper.shared();
    static final int REQUESTS = 150;
    /** Characters that stress the decoders when a chunk boundary falls inside them. */
    static final String ALPHABET = "abcdefghij \"\\/\n\t{}[]:,é✓€𝄞";
    static final Set<String> ERRORS;

    static {
        Set<String> e = new HashSet<>(ChaosAssert.CUT_ERRORS);
        e.add(FramingException.ERR_FRAME_TRUNCATED);
        ERRORS = Set.copyOf(e);
    }

    record Ask(long queryId, String payload) {
    }

    record Answer(long queryId, String echo) {
    }

    @ParameterizedTest(name = "ndjson {0}")
    @MethodSource("io.reactivenet.testing.chaos.ChaosCase#twenty")
    void ndjsonRequestsThroughChaos(ChaosCase c) {
        requests(c, JsonCodec.ndjson(MAPPER));
    }

    @ParameterizedTest(name = "length-prefixed {0}")
    @MethodSource("io.reactivenet.testing.chaos.ChaosCase#twenty")
    void lengthPrefixedRequestsThroughChaos(ChaosCase c) {
        requests(c, JsonCodec.lengthPrefixed(MAPPER));
    }

    private void requests(ChaosCase c, JsonCodec codec) {
        SplittableRandom r = new SplittableRandom(c.seed());
        Map<Long, String> payloads = new ConcurrentHashMap<>();
        long bytes = 0;
        for (long id = 0; id < REQUESTS; id++) {
            StringBuilder p = new StringBuilder();
            int n = r.nextInt(0, 150);
            for (int i = 0; i < n; i++) {
                p.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, r.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
            }
            payloads.put(id, p.toString());
            bytes += p.length() * 2L + 40;
        }
        ListeningServer server = Net.createServer(s -> s.send(s.inbound()
                        .transform(codec.decoder())
                        .map(q -> {
                            ObjectNode a = MAPPER.createObjectNode();
                            a.put("type", "answer");
                            a.set("queryId", q.get("queryId"));
                            a.put("echo", q.get("payload").asString());
                            return a;
                        })
                        .transform(codec.encoder()::apply)))
                .listen(0, "127.0.0.1").block(T);
        NetSocket socket = null;
        long streamBytes = bytes;
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.address().port()),
                n -> c.mix(n, streamBytes))) {
            socket = Net.connect(proxy.port(), "127.0.0.1").block(T);
            JsonChannel ch = JsonChannel.of(socket, codec, MessageTypes.byType(), "queryId");
            Map<Long, Object> results = new ConcurrentHashMap<>();
            ChaosAssert.ending(Flux.range(0, REQUESTS)
                            .flatMap(i -> ch.request(new Ask(i, payloads.get((long) i)), Answer.class, T)
                                    .map(a -> (Object) a)
                                    .onErrorResume(e -> Mono.just(e))
                                    .doOnNext(x -> results.put((long) i, x)), REQUESTS)
                            .then(),
                    T.plusSeconds(5), proxy, "the requests");
            long answered = results.values().stream().filter(Answer.class::isInstance).count();
            String why = c + " " + codec.framing() + ": " + answered + " of " + REQUESTS + " answered, errors "
                    + results.values().stream().filter(Throwable.class::isInstance)
                            .map(e -> ChaosAssert.describe(reactor.core.publisher.Signal.error((Throwable) e)))
                            .distinct().toList()
                    + "\n" + proxy.describe();
            System.out.println("json " + why);

            assertThat(results).as(why).hasSize(REQUESTS);
            results.forEach((id, result) -> {
                if (result instanceof Answer a) {
                    assertThat(a).as("request %d gets its own reply: %s", id, why).isEqualTo(new Answer(id, payloads.get(id)));
                } else {
                    assertThat(c.destructive()).as("request %d failed with %s: %s", id, result, why).isTrue();
                    assertThat(ChaosAssert.isNamed((Throwable) result, ERRORS))
                            .as("request %d fails with a named error, not %s: %s", id, result, why).isTrue();
                }
            });
            assertThat(ch.pendingRequests()).as(why).isZero();
            assertThat(ch.unsolicited()).as(why).isZero();
        } finally {
            if (socket != null) {
                socket.destroy();
            }
            server.closeNow().block(T);
        }
    }
}
