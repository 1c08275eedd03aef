package io.reactivenet.framing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/**
 * For random codecs and random frame sets: encoding then decoding gives the frames back, whatever
 * the chunking (as encoded, all at once, one byte at a time, random re-splits). Seeded: the seed is
 * printed with any failure; rerun one with {@code -Dframing.seed=N}.
 */
@Timeout(120)
class FramingPropertyTest {

    private static final int CASES = Integer.getInteger("framing.cases", 150);

    @ParameterizedTest
    @ValueSource(strings = {"lines", "delimiter", "lengthField", "fixedLength"})
    void encodeThenDecodeIsTheIdentityForEveryChunking(String kind) {
        long seed = Long.getLong("framing.seed", System.nanoTime());
        Random r = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            CodecGen.Case c = switch (kind) {
                case "lines" -> CodecGen.lines(r);
                case "delimiter" -> CodecGen.delimiter(r);
                case "lengthField" -> CodecGen.lengthField(r);
                default -> CodecGen.fixedLength(r);
            };
            List<ByteBuffer> encoded = Flux.fromIterable(c.frameBuffers()).transform(c.codec().encoder())
                    .collectList().block();
            Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder = c.codec().decoder();
            int v = 0;
            for (List<ByteBuffer> variant : Rechunker.variants(encoded, r.nextLong(), 6)) {
                List<byte[]> decoded;
                try {
                    decoded = Frames.decodeBytes(decoder, variant);
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + ", case " + i + ", " + c.codec() + ", variant " + v
                            + ", frames " + Frames.describe(c.frames()) + ", chunks " + Frames.describe(variant), e);
                }
                assertThat(decoded).as("seed %d, case %d, %s, variant %d", seed, i, c.codec(), v)
                        .usingElementComparator(java.util.Arrays::compare)
                        .containsExactlyElementsOf(c.frames());
                v++;
            }
        }
    }
}
