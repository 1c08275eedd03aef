package io.reactivenet.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.framing.DroppedFrame;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.Oversized;
import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acceptance 4: an oversized message with FAIL and with DISCARD, and a 256 MiB message that is
 * never buffered whole (this module's unit tests run with a 160 MiB heap, so buffering it would
 * fail with OutOfMemoryError).
 */
class JsonOversizedTest {

    static final Duration T = Duration.ofSeconds(60);
    static final JsonCodec CODEC = JsonCodec.ndjson(JsonMapper.shared()).withMaxLength(100);
    static final String BIG = "[\"" + "x".repeat(2000) + "\"]";

    @Test
    void failDeliversWhatCameBeforeThenNamesTheLimit() {
        String in = "1\n2\n" + BIG + "\n3\n";
        for (List<ByteBuffer> c : Rechunker.variants(List.of(Rechunker.utf8(in)), 5)) {
            StepVerifier.create(Flux.fromIterable(c).transform(CODEC.decoder(Integer.class)))
                    .expectNext(1, 2)
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FrameTooLongException.class)
                            .hasMessageContaining("100"))
                    .verify(T);
        }
    }

    @Test
    void discardSkipsTheMessageReportsItAndLosesNothingAfter() {
        String in = "1\n2\n" + BIG + "\n3\n" + BIG + "\n4\n";
        for (List<ByteBuffer> c : Rechunker.variants(List.of(Rechunker.utf8(in)), 6)) {
            List<DroppedFrame> dropped = new ArrayList<>();
            StepVerifier.create(Flux.fromIterable(c).transform(CODEC.withOversized(Oversized.DISCARD)
                            .withDropListener(dropped::add).frames(Integer.class)))
                    .expectNext(new JsonFrame.Value<>(1, 0), new JsonFrame.Value<>(2, 1), new JsonFrame.Value<>(3, 2),
                            new JsonFrame.Value<>(4, 3))
                    .verifyComplete();
            assertThat(dropped).containsExactly(new DroppedFrame(BIG.length(), 100), new DroppedFrame(BIG.length(), 100));
        }
    }

    /** {@code "{"a":1}\n"}, then a JSON string of {@code size} bytes on one line, then {@code "{"after":true}\n"}, in 64 KiB chunks made on demand. */
    static Flux<ByteBuffer> hugeMessage(long size, AtomicLong produced) {
        int chunk = 64 * 1024;
        long chunks = size / chunk;
        Flux<ByteBuffer> body = Flux.range(0, (int) chunks).map(i -> {
            byte[] b = new byte[chunk];
            Arrays.fill(b, (byte) 'x');
            if (i == 0) {
                b[0] = '"';
            }
            if (i == chunks - 1) {
                b[chunk - 1] = '"';
            }
            return ByteBuffer.wrap(b);
        });
        return Flux.concat(Flux.just(bytes("{\"a\":1}\n")), body, Flux.just(bytes("\n{\"after\":true}\n")))
                .doOnNext(b -> produced.addAndGet(b.remaining()));
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMessageOf256MiBIsDiscardedWithoutBeingBuffered() {
        long size = 256L << 20;
        // The proof needs a heap smaller than the message: surefire runs this module with -Xmx160m.
        Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < size, "needs a heap under 256 MiB");
        AtomicLong produced = new AtomicLong();
        List<DroppedFrame> dropped = new ArrayList<>();
        JsonCodec codec = JsonCodec.ndjson(JsonMapper.shared()).withMaxLength(1 << 20)
                .withOversized(Oversized.DISCARD).withDropListener(dropped::add);
        List<JsonNode> out = hugeMessage(size, produced).transform(codec.decoder()).collectList().block(T);
        assertThat(out).extracting(JsonNode::toString).containsExactly("{\"a\":1}", "{\"after\":true}");
        assertThat(dropped).containsExactly(new DroppedFrame(size, 1 << 20));
    }

    @Test
    void aMessageOf256MiBFailsAfterReadingLittleMoreThanTheLimit() {
        AtomicLong produced = new AtomicLong();
        JsonCodec codec = JsonCodec.ndjson(JsonMapper.shared()).withMaxLength(1 << 20);
        StepVerifier.create(hugeMessage(256L << 20, produced).transform(codec.decoder()))
                .assertNext(n -> assertThat(n.toString()).isEqualTo("{\"a\":1}"))
                .expectError(FrameTooLongException.class)
                .verify(T);
        // Stopped as soon as the limit was passed: the rest of the 256 MiB was never even produced.
        assertThat(produced.get()).isLessThan((1 << 20) + 3 * 64 * 1024);
    }

    @Test
    void lengthPrefixedOversizedFailsOnTheHeaderAndDiscardSkipsTheDeclaredLength() {
        JsonCodec lp = JsonCodec.lengthPrefixed(JsonMapper.shared());
        List<ByteBuffer> encoded = lp.encoder().apply(Flux.just(1, List.of(BIG), 3)).collectList().block(T);
        for (List<ByteBuffer> c : Rechunker.variants(encoded, 8)) {
            StepVerifier.create(Flux.fromIterable(c).map(ByteBuffer::duplicate)
                            .transform(lp.withMaxLength(100).decoder(Integer.class)))
                    .expectNext(1)
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FrameTooLongException.class)
                            .hasMessageContaining("104"))
                    .verify(T);
            List<DroppedFrame> dropped = new ArrayList<>();
            StepVerifier.create(Flux.fromIterable(c).map(ByteBuffer::duplicate)
                            .transform(lp.withMaxLength(100).withOversized(Oversized.DISCARD)
                                    .withDropListener(dropped::add).decoder(Integer.class)))
                    .expectNext(1, 3)
                    .verifyComplete();
            // The length-field codec counts the 4-byte header in what it reports.
            assertThat(dropped).containsExactly(new DroppedFrame(encoded.get(1).remaining(), 104));
        }
    }
}
