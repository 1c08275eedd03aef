package io.reactivenet.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acceptance 2: for random JSON trees, encode then decode gives the same trees, for NDJSON and
 * length-prefixed framing, with the bytes re-split by the shared Rechunker: as encoded, whole, one
 * byte at a time (so every multi-byte UTF-8 character is split across chunks) and at random points.
 */
class JsonCodecPropertyTest {

    static final Duration T = Duration.ofSeconds(30);

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonFraming f : JsonFraming.values()) {
            for (long seed = 1; seed <= 6; seed++) {
                out.add(Arguments.of(f, seed));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void decodeOfEncodeIsIdentityForRandomTreesSplitAnywhere(JsonFraming framing, long seed) {
        Random r = new Random(seed);
        List<JsonNode> trees = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            trees.add(JsonTrees.tree(r, 4));
        }
        JsonCodec codec = JsonCodec.ndjson(JsonMapper.shared()).withFraming(framing);
        List<ByteBuffer> encoded = codec.encoder().apply(Flux.fromIterable(trees)).collectList().block(T);
        assertThat(encoded).hasSize(trees.size());
        for (List<ByteBuffer> chunks : Rechunker.variants(encoded, seed * 31)) {
            List<JsonFrame<JsonNode>> decoded = Flux.fromIterable(chunks).transform(codec.frames())
                    .collectList().block(T);
            assertThat(decoded).hasSize(trees.size());
            for (int i = 0; i < trees.size(); i++) {
                assertThat(decoded.get(i)).isEqualTo(new JsonFrame.Value<>(trees.get(i), i));
            }
        }
    }
}
