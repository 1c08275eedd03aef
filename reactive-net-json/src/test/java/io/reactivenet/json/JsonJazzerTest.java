package io.reactivenet.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.FramingException;
import io.reactivenet.framing.Oversized;
import io.reactivenet.framing.Truncation;
import io.reactivenet.json.tutorial.TutorialProtocol;
import io.reactivenet.testing.Rechunker;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzzing of the JSON decoder path (framing, then Jackson) with Jazzer, NDJSON and
 * length-prefixed. The build replays the corpus, {@code
 * src/test/resources/io/reactivenet/json/JsonJazzerTestInputs/<method>/}; to fuzz one target:
 * {@code JAZZER_FUZZ=1 mvn -pl reactive-net-json surefire:test@jazzer-regression
 * -Dtest='JsonJazzerTest#ndjson'} (stops after {@code maxDuration}, or {@code
 * JAZZER_MAX_DURATION=2m}; a finding lands in the inputs directory as a new regression case).
 *
 * <p>For any bytes and codec settings (limit, FAIL/DISCARD, ALLOW/DISALLOW, raw preview) decoded
 * with {@link JsonCodec#frames()}:
 * <ul>
 *   <li>the stream ends complete or with a documented {@link FramingException} (too long,
 *       truncated), nothing else; the same elements and end whatever the chunking (whole, at random,
 *       one byte at a time);</li>
 *   <li>each {@link JsonFrame.Malformed} is consistent: its length within the limit, its stream
 *       offset inside the input, its error offset inside the message, its preview within
 *       {@link JsonCodec#rawPreview()};</li>
 *   <li>{@link JsonCodec#decoder()} in SKIP mode gives exactly the values and reports exactly the
 *       malformed elements; in FAIL mode the values before the first malformed one, then {@link
 *       MalformedJsonException} {@code ERR_INVALID_JSON}; typed decoding ({@link
 *       TutorialProtocol.Query}) fails in no other way;</li>
 *   <li>each value round-trips: encoded again (or refused by the encoder with {@link
 *       FrameTooLongException} or Jackson's exception, as documented) and decoded, it is equal.</li>
 * </ul>
 * The decoders work on heap {@code ByteBuffer}s and allocate no pooled memory.
 */
class JsonJazzerTest {

    private static final Duration T = Duration.ofSeconds(30);

    @FuzzTest(maxDuration = "10m")
    void ndjson(FuzzedDataProvider data) {
        verify(JsonFraming.NDJSON, data.consumeLong(), data.consumeRemainingAsBytes());
    }

    /**
     * Arbitrary bytes mostly start with a length beyond any limit; so the fuzzer also gets to build
     * well-framed messages (a true or off-by-a-little header before each fuzzed body).
     */
    @FuzzTest(maxDuration = "10m")
    void lengthPrefixed(FuzzedDataProvider data) {
        long settings = data.consumeLong();
        if (data.consumeBoolean()) {
            verify(JsonFraming.LENGTH_PREFIXED, settings, data.consumeRemainingAsBytes());
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = data.consumeInt(1, 6);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            int skew = data.consumeInt(0, 9) == 0 ? data.consumeInt(-2, 2) : 0;
            byte[] body = data.consumeBytes(data.consumeInt(0, 200));
            int len = Math.max(0, body.length + skew);
            out.write(len >>> 24);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
            out.writeBytes(body);
        }
        verify(JsonFraming.LENGTH_PREFIXED, settings, out.toByteArray());
    }

    /** What decoding one input gave. */
    record Outcome(List<JsonFrame<JsonNode>> frames, String end) {
    }

    static JsonCodec codec(JsonFraming framing, Random r) {
        int max = switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(8);
            case 1 -> 1 + r.nextInt(64);
            case 2 -> 1 + r.nextInt(4096);
            default -> JsonCodec.DEFAULT_MAX_LENGTH;
        };
        return JsonCodec.ndjson(JsonMapper.shared()).withFraming(framing).withMaxLength(max)
                .withOversized(r.nextBoolean() ? Oversized.FAIL : Oversized.DISCARD)
                .withTruncation(r.nextBoolean() ? Truncation.DISALLOW : Truncation.ALLOW)
                .withRawPreview(r.nextInt(4) == 0 ? 0 : r.nextInt(300));
    }

    static void verify(JsonFraming framing, long settings, byte[] bytes) {
        Random r = new Random(settings);
        JsonCodec codec = codec(framing, r);
        String where = codec + ", rawPreview " + codec.rawPreview() + ", settings " + settings + ", bytes "
                + HexFormat.of().formatHex(bytes);
        List<ByteBuffer> whole = List.of(ByteBuffer.wrap(bytes));

        Outcome expected = frames(codec, whole, where);
        assertThat(frames(codec, Rechunker.randomly(whole, r, 1 + r.nextInt(64)), where))
                .as("split at random, %s", where).isEqualTo(expected);
        if (bytes.length <= 400) {
            assertThat(frames(codec, Rechunker.oneByteAtATime(whole), where)).as("bytewise, %s", where)
                    .isEqualTo(expected);
        }

        List<JsonNode> values = new ArrayList<>();
        List<JsonFrame.Malformed<?>> malformed = new ArrayList<>();
        for (JsonFrame<JsonNode> f : expected.frames()) {
            if (f instanceof JsonFrame.Value<JsonNode> v) {
                values.add(v.value());
                roundTrip(codec, v.value(), where);
            } else {
                JsonFrame.Malformed<JsonNode> m = (JsonFrame.Malformed<JsonNode>) f;
                malformed.add(m);
                // A length header cut short (Truncation.ALLOW) is up to 3 bytes of framing, whatever the limit.
                assertThat(m.length()).as("malformed length, %s", where).isBetween(0, Math.max(codec.maxLength(), 3));
                assertThat(m.offset()).as("malformed offset, %s", where).isBetween(0L, (long) bytes.length - m.length());
                assertThat(m.errorOffset()).as("error offset, %s", where).isBetween(-1L, (long) m.length());
                assertThat(m.raw().length()).as("preview, %s", where).isLessThanOrEqualTo(codec.rawPreview());
                assertThat(m.truncated()).as("truncated preview, %s", where)
                        .isEqualTo(m.length() > codec.rawPreview());
            }
        }

        List<JsonFrame.Malformed<?>> reported = new ArrayList<>();
        Outcome skip = values(codec.withMalformedListener(reported::add).decoder(), whole, where);
        assertThat(skip.frames()).as("SKIP values, %s", where).isEqualTo(frames(values));
        assertThat(skip.end()).as("SKIP end, %s", where).isEqualTo(expected.end());
        assertThat(reported).as("SKIP reports, %s", where).isEqualTo(malformed);

        Outcome fail = values(codec.withOnMalformed(OnMalformed.FAIL).decoder(), whole, where);
        int firstBad = 0;
        while (firstBad < expected.frames().size() && expected.frames().get(firstBad) instanceof JsonFrame.Value) {
            firstBad++;
        }
        assertThat(fail.frames()).as("FAIL values, %s", where).isEqualTo(frames(values.subList(0, firstBad)));
        assertThat(fail.end()).as("FAIL end, %s", where).isEqualTo(
                malformed.isEmpty() ? expected.end() : "MalformedJsonException/" + MalformedJsonException.ERR_INVALID_JSON);

        // Typed: only documented failures (none escape SKIP but the framing's).
        Flux.fromIterable(whole).transform(codec.decoder(TutorialProtocol.Query.class))
                .onErrorResume(FramingException.class, e -> Flux.empty())
                .collectList().block(T);
    }

    /** Decodes with {@code frames()}: the elements and how the stream ended. */
    static Outcome frames(JsonCodec codec, List<ByteBuffer> chunks, String where) {
        List<JsonFrame<JsonNode>> out = new ArrayList<>();
        String[] end = {"complete"};
        Flux.fromIterable(chunks).map(ByteBuffer::duplicate).transform(codec.frames())
                .doOnNext(out::add)
                .onErrorResume(FramingException.class, e -> {
                    end[0] = e.getClass().getSimpleName() + "/" + e.code();
                    return Flux.empty();
                })
                .blockLast(T);
        return new Outcome(out, end[0]);
    }

    /** Decodes with a value decoder: the values (as frames numbered 0..) and how it ended. */
    static Outcome values(Function<Flux<ByteBuffer>, Flux<JsonNode>> decoder, List<ByteBuffer> chunks, String where) {
        List<JsonNode> out = new ArrayList<>();
        String[] end = {"complete"};
        Flux.fromIterable(chunks).map(ByteBuffer::duplicate).transform(decoder)
                .doOnNext(out::add)
                .onErrorResume(e -> e instanceof FramingException || e instanceof MalformedJsonException, e -> {
                    end[0] = e.getClass().getSimpleName() + "/" + ((io.reactivenet.NetException) e).code();
                    return Flux.empty();
                })
                .blockLast(T);
        return new Outcome(frames(out), end[0]);
    }

    private static List<JsonFrame<JsonNode>> frames(List<JsonNode> values) {
        List<JsonFrame<JsonNode>> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            out.add(new JsonFrame.Value<>(values.get(i), i));
        }
        return out;
    }

    /** A decoded value, encoded again and decoded, is equal (or the encoder refuses it as documented). */
    private static void roundTrip(JsonCodec codec, JsonNode value, String where) {
        if (!finite(value)) {
            // Documented in json.md: a number beyond the double range (1e400) reads as Infinity, as
            // JSON.parse does, and Jackson writes it back as the string "Infinity".
            return;
        }
        ByteBuffer encoded;
        try {
            encoded = codec.encode(value);
        } catch (FrameTooLongException e) {
            return; // re-encoded longer than the limit (e.g. 1e2 is written 100.0)
        } catch (JacksonException e) {
            return; // documented: a value Jackson cannot write (e.g. a lone surrogate from a \\ud800 escape)
        }
        Outcome again = frames(codec, List.of(encoded), where);
        assertThat(again.frames()).as("round trip of %s, %s", value, where)
                .isEqualTo(List.of(new JsonFrame.Value<>(value, 0)));
    }

    private static boolean finite(JsonNode n) {
        if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue())) {
            return false;
        }
        for (JsonNode child : n) {
            if (!finite(child)) {
                return false;
            }
        }
        return true;
    }
}
