package io.reactivenet.json.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.FramingException;
import io.reactivenet.framing.Oversized;
import io.reactivenet.framing.Truncation;
import io.reactivenet.json.JsonCodec;
import io.reactivenet.json.JsonFrame;
import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Coverage-guided fuzzing of the tutorial protocol's server handler with Jazzer: the handler's own
 * path from inbound bytes to reply bytes ({@link TutorialProtocol#exchange}, which {@link
 * TutorialProtocol#server(JsonCodec)} applies to the socket), on a fixed clock. The build replays
 * the corpus, {@code src/test/resources/io/reactivenet/json/tutorial/TutorialProtocolJazzerTestInputs/replies/};
 * to fuzz: {@code JAZZER_FUZZ=1 mvn -pl reactive-net-json surefire:test@jazzer-regression
 * -Dtest='TutorialProtocolJazzerTest#replies'}. What must hold for any bytes and codec settings:
 * <ul>
 *   <li>one reply per inbound message, in order, each a single NDJSON line: {@code welcome} for a
 *       greeting, {@code response} (with the request's {@code queryId}) for a query, {@code error}
 *       "Unknown message type" or "Invalid JSON format" otherwise, every timestamp the clock's;</li>
 *   <li>the replies end as the requests do (complete, or the framing's documented error for a
 *       request too long or cut short), or earlier with {@link FrameTooLongException} when a reply is
 *       longer than the codec's limit (the handler's codec bounds both directions);</li>
 *   <li>the same replies whatever the chunking of the requests.</li>
 * </ul>
 */
class TutorialProtocolJazzerTest {

    private static final Duration T = Duration.ofSeconds(30);
    private static final long NOW = 1_764_000_000_123L;
    private static final LongSupplier CLOCK = () -> NOW;
    private static final JsonMapper MAPPER = JsonMapper.shared();

    /** Replies as JSON (the varying figures of a stats reply masked) and how the stream ended. */
    record Outcome(List<JsonNode> replies, String end) {
    }

    @FuzzTest(maxDuration = "10m")
    void replies(FuzzedDataProvider data) {
        Random r = new Random(data.consumeLong());
        int max = r.nextInt(3) == 0 ? 16 + r.nextInt(200) : JsonCodec.DEFAULT_MAX_LENGTH;
        JsonCodec codec = JsonCodec.ndjson(MAPPER).withMaxLength(max)
                .withOversized(r.nextBoolean() ? Oversized.FAIL : Oversized.DISCARD)
                .withTruncation(r.nextBoolean() ? Truncation.DISALLOW : Truncation.ALLOW);
        byte[] bytes = data.consumeRemainingAsBytes();
        String where = codec + ", bytes " + HexFormat.of().formatHex(bytes);
        List<ByteBuffer> whole = List.of(ByteBuffer.wrap(bytes));

        List<JsonFrame<JsonNode>> requests = new ArrayList<>();
        String[] requestsEnd = {"complete"};
        Flux.fromIterable(whole).map(ByteBuffer::duplicate).transform(codec.frames()).doOnNext(requests::add)
                .onErrorResume(FramingException.class, e -> {
                    requestsEnd[0] = end(e);
                    return Flux.empty();
                })
                .blockLast(T);

        Outcome out = exchange(codec, whole, where);
        assertThat(out.replies().size()).as("replies, %s", where).isLessThanOrEqualTo(requests.size());
        if (out.replies().size() < requests.size()) {
            assertThat(out.end()).as("fewer replies than requests, %s", where)
                    .isEqualTo("FrameTooLongException/" + FramingException.ERR_FRAME_TOO_LONG);
        } else {
            assertThat(out.end()).as("end, %s", where).isEqualTo(requestsEnd[0]);
        }
        for (int i = 0; i < out.replies().size(); i++) {
            check(requests.get(i), out.replies().get(i), where + ", reply " + i);
        }
        assertThat(exchange(codec, Rechunker.randomly(whole, r, 1 + r.nextInt(64)), where))
                .as("split at random, %s", where).isEqualTo(out);
        if (bytes.length <= 300) {
            assertThat(exchange(codec, Rechunker.oneByteAtATime(whole), where)).as("bytewise, %s", where)
                    .isEqualTo(out);
        }
    }

    private static Outcome exchange(JsonCodec codec, List<ByteBuffer> chunks, String where) {
        List<JsonNode> replies = new ArrayList<>();
        String[] end = {"complete"};
        Flux.fromIterable(chunks).map(ByteBuffer::duplicate).transform(TutorialProtocol.exchange(codec, CLOCK))
                .doOnNext(b -> replies.add(line(b, where)))
                .onErrorResume(FramingException.class, e -> {
                    end[0] = end(e);
                    return Flux.empty();
                })
                .blockLast(T);
        return new Outcome(replies, end[0]);
    }

    /** One reply buffer: exactly one line, one JSON object; a stats result masked. */
    private static JsonNode line(ByteBuffer b, String where) {
        byte[] bytes = Rechunker.bytes(b);
        assertThat(bytes.length).as(where).isPositive();
        assertThat(bytes[bytes.length - 1]).as("reply ends its line, %s", where).isEqualTo((byte) '\n');
        for (int i = 0; i < bytes.length - 1; i++) {
            assertThat(bytes[i]).as("one line per reply, %s", where).isNotEqualTo((byte) '\n');
        }
        JsonNode reply = MAPPER.readTree(bytes);
        assertThat(reply.isObject()).as(where).isTrue();
        JsonNode result = reply.get("result");
        if (result != null && result.has("uptime")) {
            assertThat(result.get("memory").get("heapUsed").isNumber()).as(where).isTrue();
            assertThat(result.get("platform").isString()).as(where).isTrue();
            ((ObjectNode) reply).put("result", "stats");
        }
        return reply;
    }

    private static void check(JsonFrame<JsonNode> request, JsonNode reply, String where) {
        assertThat(reply.get("timestamp").asLong()).as(where).isEqualTo(NOW);
        String type = reply.get("type").stringValue();
        if (!(request instanceof JsonFrame.Value<JsonNode> v) || v.value().isNull()) {
            assertThat(type).as(where).isEqualTo("error");
            assertThat(reply.get("message").stringValue()).as(where).isEqualTo("Invalid JSON format");
            return;
        }
        JsonNode msg = v.value();
        JsonNode t = msg.get("type");
        String asked = t != null && t.isString() ? t.stringValue() : "";
        switch (asked) {
            case "greeting" -> {
                assertThat(type).as(where).isEqualTo("welcome");
                assertThat(reply.get("message").stringValue()).as(where).startsWith("Hello, ").endsWith("!");
            }
            case "query" -> {
                assertThat(type).as(where).isEqualTo("response");
                assertThat(reply.get("queryId")).as("queryId, %s", where).isEqualTo(msg.get("queryId"));
                JsonNode q = msg.get("query");
                String query = q != null && q.isString() ? q.stringValue() : "";
                JsonNode result = reply.get("result");
                switch (query) {
                    case "time" -> assertThat(Instant.parse(result.get("time").stringValue()))
                            .as(where).isEqualTo(Instant.ofEpochMilli(NOW));
                    case "stats" -> assertThat(result.stringValue()).as(where).isEqualTo("stats");
                    default -> assertThat(result.get("error").stringValue()).as(where).isEqualTo("Unknown query");
                }
            }
            default -> {
                assertThat(type).as(where).isEqualTo("error");
                assertThat(reply.get("message").stringValue()).as(where).isEqualTo("Unknown message type");
            }
        }
    }

    private static String end(FramingException e) {
        return e.getClass().getSimpleName() + "/" + e.code();
    }
}
