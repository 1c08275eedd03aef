package io.reactivenet.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.NetArgumentException;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The codec's contracts: typed decoding, the three malformed policies, encoder framing and limits, every input re-chunked. */
class JsonCodecTest {

    static final Duration T = Duration.ofSeconds(10);
    static final JsonMapper MAPPER = JsonMapper.shared();

    record Point(int x, int y) {
    }

    /** Fresh views of the chunks: a decoder owns (and consumes) the buffers it is given. */
    static Flux<ByteBuffer> feed(List<ByteBuffer> chunks) {
        return Flux.fromIterable(chunks).map(ByteBuffer::duplicate);
    }

    static List<List<ByteBuffer>> chunks(String text) {
        return Rechunker.variants(List.of(Rechunker.utf8(text)), text.hashCode());
    }

    @Test
    void decodesTreesAndTypedValuesWhateverTheChunking() {
        String in = "{\"x\":1,\"y\":2}\n{\"x\":-3,\"y\":4}\r\n";
        for (List<ByteBuffer> c : chunks(in)) {
            StepVerifier.create(feed(c).transform(JsonCodec.ndjson(MAPPER).decoder(Point.class)))
                    .expectNext(new Point(1, 2), new Point(-3, 4))
                    .verifyComplete();
            StepVerifier.create(feed(c).transform(JsonCodec.ndjson(MAPPER).decoder()))
                    .assertNext(n -> assertThat(n.get("x").asInt()).isEqualTo(1))
                    .assertNext(n -> assertThat(n.get("y").asInt()).isEqualTo(4))
                    .verifyComplete();
            StepVerifier.create(feed(c).transform(JsonCodec.ndjson(MAPPER)
                            .decoder(new TypeReference<Map<String, Integer>>() { })))
                    .expectNext(Map.of("x", 1, "y", 2), Map.of("x", -3, "y", 4))
                    .verifyComplete();
        }
    }

    /** Found by JsonJazzerTest: with Truncation.ALLOW a length header cut short is a malformed message where it is, not parsed. */
    @Test
    void aTruncatedLengthHeaderIsMalformedAtItsOwnOffset() {
        byte[] in = {0, 0, 0, 2, '{', '}', 0, '1'};
        for (List<ByteBuffer> c : Rechunker.variants(List.of(ByteBuffer.wrap(in)), 7)) {
            List<JsonFrame<JsonNode>> frames = Flux.fromIterable(c).transform(JsonCodec.lengthPrefixed(MAPPER)
                    .withTruncation(io.reactivenet.framing.Truncation.ALLOW).frames()).collectList().block(T);
            assertThat(frames).hasSize(2);
            assertThat(frames.get(0)).isEqualTo(new JsonFrame.Value<>(MAPPER.createObjectNode(), 0));
            assertThat(frames.get(1)).isInstanceOfSatisfying(JsonFrame.Malformed.class, m -> {
                assertThat(m.offset()).isEqualTo(6);
                assertThat(m.length()).isEqualTo(2);
                assertThat(m.error()).isEqualTo("Truncated length header: 2 of 4 bytes");
            });
        }
    }

    /** Found by JsonJazzerTest: bytes Jackson would guess to be UTF-16 or UTF-32 are malformed, not parsed. */
    @Test
    void messagesThatAreNotUtf8AreMalformedWhateverJacksonWouldGuess() {
        byte[][] lines = {
            {0, '{', 0, '}'},                         // UTF-16BE {}
            {'{', 0, '}', 0},                         // UTF-16LE {}
            {(byte) 0xFE, (byte) 0xFF, 0, '1'},       // UTF-16BE byte order mark, 1
            {0, 0, 0, '1'},                           // UTF-32BE 1
        };
        for (byte[] line : lines) {
            byte[] in = java.util.Arrays.copyOf(line, line.length + 1);
            in[line.length] = '\n';
            List<JsonFrame<JsonNode>> frames = Flux.just(ByteBuffer.wrap(in)).transform(JsonCodec.ndjson(MAPPER).frames())
                    .collectList().block(T);
            assertThat(frames).singleElement().isInstanceOfSatisfying(JsonFrame.Malformed.class,
                    m -> assertThat(m.error()).startsWith("Not UTF-8 JSON"));
        }
    }

    /** Found by JsonJazzerTest: the error offset counts from the message's first byte, wherever it sits in its chunk. */
    @Test
    void errorOffsetCountsFromTheMessageWhereverItSitsInItsChunk() {
        for (String before : new String[] {"", "{}\n", "[1,2,3]\n\n"}) {
            List<JsonFrame<JsonNode>> frames = Flux.just(Rechunker.utf8(before + "{\"b\":1} x\n"))
                    .transform(JsonCodec.ndjson(MAPPER).frames()).collectList().block(T);
            JsonFrame.Malformed<JsonNode> bad = (JsonFrame.Malformed<JsonNode>) frames.get(frames.size() - 1);
            assertThat(bad.errorOffset()).as("after %s", before).isEqualTo(8);
        }
    }

    @Test
    void malformedMessagesBecomeElementsAndNothingAfterThemIsLost() {
        String in = "{\"x\":1,\"y\":2}\r\nnot json at all\n\n{\"x\":1} trailing\nnull\n{\"x\":\"é\"}\n{\"x\":5,\"y\":6}\n";
        for (List<ByteBuffer> c : chunks(in)) {
            List<JsonFrame<Point>> frames = feed(c)
                    .transform(JsonCodec.ndjson(MAPPER).withRawPreview(8).frames(Point.class))
                    .collectList().block(T);
            assertThat(frames).hasSize(7);
            assertThat(frames.get(0)).isEqualTo(new JsonFrame.Value<>(new Point(1, 2), 0));
            JsonFrame.Malformed<Point> bad = (JsonFrame.Malformed<Point>) frames.get(1);
            assertThat(bad.index()).isEqualTo(1);
            assertThat(bad.offset()).isEqualTo(in.indexOf("not json"));
            assertThat(bad.length()).isEqualTo(15);
            assertThat(bad.raw()).isEqualTo("not json");
            assertThat(bad.truncated()).isTrue();
            assertThat(bad.errorOffset()).isBetween(0L, 15L);
            assertThat(bad.error()).contains("Unrecognized token");
            assertThat(frames.get(2)).isInstanceOf(JsonFrame.Malformed.class);     // empty line
            assertThat(((JsonFrame.Malformed<Point>) frames.get(2)).offset()).isEqualTo(in.indexOf("\n\n") + 1);
            assertThat(((JsonFrame.Malformed<Point>) frames.get(5)).offset()).isEqualTo(in.indexOf("{\"x\":\"é"));
            assertThat(((JsonFrame.Malformed<Point>) frames.get(3)).error()).containsIgnoringCase("trailing");
            assertThat(frames.get(4)).isInstanceOf(JsonFrame.Malformed.class);     // null is not a Point
            assertThat(frames.get(5)).isInstanceOf(JsonFrame.Malformed.class);     // type mismatch
            assertThat(frames.get(6)).isEqualTo(new JsonFrame.Value<>(new Point(5, 6), 6));
        }
    }

    @Test
    void malformedPreviewIsCutAtACharacterBoundary() {
        String in = "ééééé\n";   // two bytes each
        JsonFrame.Malformed<?> m = (JsonFrame.Malformed<?>) Flux.just(Rechunker.utf8(in))
                .transform(JsonCodec.ndjson(MAPPER).withRawPreview(5).frames()).blockFirst(T);
        assertThat(m.raw()).isEqualTo("éé");
        assertThat(m.length()).isEqualTo(10);
        assertThat(m.truncated()).isTrue();
    }

    @Test
    void jsonNullIsANullNodeForTrees() {
        StepVerifier.create(Flux.just(Rechunker.utf8("null\n")).transform(JsonCodec.ndjson(MAPPER).decoder()))
                .assertNext(n -> assertThat(n.isNull()).isTrue())
                .verifyComplete();
    }

    @Test
    void skipReportsToTheListenerAndGoesOn() {
        String in = "1\n{oops\n2\n";
        for (List<ByteBuffer> c : chunks(in)) {
            List<JsonFrame.Malformed<?>> seen = new ArrayList<>();
            StepVerifier.create(feed(c)
                            .transform(JsonCodec.ndjson(MAPPER).withMalformedListener(seen::add).decoder(Integer.class)))
                    .expectNext(1, 2)
                    .verifyComplete();
            assertThat(seen).singleElement().satisfies(m -> {
                assertThat(m.index()).isEqualTo(1);
                assertThat(m.raw()).isEqualTo("{oops");
                assertThat(m.truncated()).isFalse();
            });
        }
    }

    @Test
    void failEndsTheStreamAfterDeliveringEverythingBefore() {
        String in = "1\n2\n{oops\n3\n";
        for (List<ByteBuffer> c : chunks(in)) {
            StepVerifier.create(feed(c)
                            .transform(JsonCodec.ndjson(MAPPER).withOnMalformed(OnMalformed.FAIL).decoder(Integer.class)))
                    .expectNext(1, 2)
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(MalformedJsonException.class)
                                .hasMessageContaining("#2").hasMessageContaining("5 bytes");
                        assertThat(((MalformedJsonException) e).code()).isEqualTo("ERR_INVALID_JSON");
                        assertThat(((MalformedJsonException) e).malformed().raw()).isEqualTo("{oops");
                    })
                    .verify(T);
        }
    }

    @Test
    void encoderWritesOneLinePerValueEvenWithAnIndentingMapper() {
        JsonMapper indenting = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        List<ByteBuffer> out = JsonCodec.ndjson(indenting).encoder()
                .apply(Flux.just(new Point(1, 2), Map.of("s", "a\nb"))).collectList().block(T);
        assertThat(out).extracting(b -> StandardCharsets.UTF_8.decode(b).toString())
                .containsExactly("{\"x\":1,\"y\":2}\n", "{\"s\":\"a\\nb\"}\n");
    }

    @Test
    void encoderRefusesValuesLongerThanTheMaximum() {
        StepVerifier.create(JsonCodec.ndjson(MAPPER).withMaxLength(10).encoder()
                        .apply(Flux.just("short", "this one is far too long")))
                .expectNextCount(1)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FrameTooLongException.class)
                        .hasMessageContaining("10").hasMessageContaining("26"))
                .verify(T);
    }

    @Test
    void encodeThenDecodeRoundTripsTrees() {
        JsonNode tree = MAPPER.readTree("{\"a\":[1,2.5,\"ü\\u0000😀\",null,true,{}],\"b\":{\"c\":-1}}");
        JsonCodec codec = JsonCodec.ndjson(MAPPER);
        List<ByteBuffer> bytes = codec.encoder().apply(Flux.just(tree, tree)).collectList().block(T);
        for (List<ByteBuffer> c : Rechunker.variants(bytes, 7)) {
            StepVerifier.create(feed(c).transform(codec.decoder()))
                    .expectNext(tree, tree)
                    .verifyComplete();
        }
    }

    @Test
    void settersCheckArgumentsAndReturnCopies() {
        JsonCodec c = JsonCodec.ndjson(MAPPER);
        assertThat(c.withMaxLength(5)).isNotSameAs(c);
        assertThat(c.withMaxLength(5).maxLength()).isEqualTo(5);
        assertThat(c.maxLength()).isEqualTo(JsonCodec.DEFAULT_MAX_LENGTH);
        assertThatThrownBy(() -> c.withMaxLength(0)).isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("Received 0");
        assertThatThrownBy(() -> c.withRawPreview(-1)).isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> JsonCodec.ndjson(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("mapper");
        assertThat(c.withRequestTimeoutListener(e -> { })).isNotSameAs(c);
        assertThatThrownBy(() -> c.withRequestTimeoutListener(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("listener");
    }

    @Test
    void malformedOffsetsAreExactAfterDroppedMessagesInBothFramings() {
        String big = "[" + "1,".repeat(100) + "1]";
        String in = "1\r\n" + big + "\n2\n{bad\n";
        List<JsonFrame<JsonNode>> lines = feed(List.of(Rechunker.utf8(in))).transform(JsonCodec.ndjson(MAPPER)
                .withMaxLength(50).withOversized(io.reactivenet.framing.Oversized.DISCARD).frames()).collectList().block(T);
        assertThat(lines).hasSize(3);
        assertThat(((JsonFrame.Malformed<JsonNode>) lines.get(2)).offset()).isEqualTo(in.indexOf("{bad"));

        JsonCodec lp = JsonCodec.lengthPrefixed(MAPPER);
        List<ByteBuffer> parts = new ArrayList<>(lp.encoder().apply(Flux.just(1, List.of(1, 2, 3))).collectList().block(T));
        byte[] bad = "{bad".getBytes(StandardCharsets.UTF_8);
        parts.add(ByteBuffer.allocate(4 + bad.length).putInt(bad.length).put(bad).flip());
        long expected = parts.get(0).remaining() + parts.get(1).remaining() + 4;
        for (List<ByteBuffer> c : Rechunker.variants(parts, 3)) {
            List<JsonFrame<JsonNode>> frames = feed(c).transform(lp.withMaxLength(5)
                    .withOversized(io.reactivenet.framing.Oversized.DISCARD).frames()).collectList().block(T);
            assertThat(frames).hasSize(2);
            JsonFrame.Malformed<JsonNode> m = (JsonFrame.Malformed<JsonNode>) frames.get(1);
            assertThat(m.index()).isEqualTo(1);
            assertThat(m.offset()).isEqualTo(expected);
            assertThat(m.raw()).isEqualTo("{bad");
        }
    }
}
