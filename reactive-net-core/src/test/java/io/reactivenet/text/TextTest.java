package io.reactivenet.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.NetArgumentException;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.Framing;
import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

@Timeout(60)
class TextTest {

    // 1-, 2-, 3- and 4-byte code points, and a 4-byte one at the very end.
    private static final String MIXED = "a\u00e9\u20ac\ud83d\ude00z\u00df\u4e2d\ud834\udd1e";

    private static String decodeAll(List<ByteBuffer> chunks, Charset charset) {
        return String.join("", Flux.fromIterable(chunks).transform(Text.decode(charset)).collectList().block());
    }

    @Test
    void splitAtEveryBytePositionDecodesExactly() {
        byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i <= bytes.length; i++) {
            for (int j = i; j <= bytes.length; j++) {
                List<ByteBuffer> chunks = List.of(ByteBuffer.wrap(bytes, 0, i).slice(),
                        ByteBuffer.wrap(bytes, i, j - i).slice(), ByteBuffer.wrap(bytes, j, bytes.length - j).slice());
                assertThat(decodeAll(chunks, StandardCharsets.UTF_8)).as("split at %d and %d", i, j).isEqualTo(MIXED);
            }
        }
        assertThat(decodeAll(Rechunker.oneByteAtATime(List.of(ByteBuffer.wrap(bytes))), StandardCharsets.UTF_8))
                .isEqualTo(MIXED);
    }

    @Test
    void otherCharsetsAreCarriedAcrossChunksToo() {
        Charset utf16 = StandardCharsets.UTF_16LE;
        byte[] bytes = MIXED.getBytes(utf16);
        assertThat(decodeAll(Rechunker.oneByteAtATime(List.of(ByteBuffer.wrap(bytes))), utf16)).isEqualTo(MIXED);
        assertThat(decodeAll(List.of(ByteBuffer.wrap(new byte[] {'a', 0, 'b'})), utf16)).isEqualTo("a\ufffd");
    }

    @Test
    void chunkHoldingOnlyPartOfACharacterEmitsNothingAndAsksForMore() {
        TestPublisher<ByteBuffer> source = TestPublisher.create();
        StepVerifier.create(source.flux().transform(Text.utf8()), 1)
                .then(() -> source.next(ByteBuffer.wrap(new byte[] {(byte) 0xE2, (byte) 0x82})))
                .then(() -> source.assertMinRequested(1))
                .then(() -> source.next(ByteBuffer.wrap(new byte[] {(byte) 0xAC})))
                .expectNext("\u20ac")
                .then(source::complete)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void incompleteCharacterAtTheEndIsOneReplacementCharacter() {
        StepVerifier.create(Flux.just(ByteBuffer.wrap(new byte[] {'x', (byte) 0xF0, (byte) 0x9F, (byte) 0x98}))
                        .transform(Text.utf8()))
                .expectNext("x", "\ufffd")
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void surrogateEncodingsAreOneReplacementPerByteAsInNode() {
        byte[] bytes = {(byte) 0xED, (byte) 0xA0, (byte) 0x80, 'a'};
        assertThat(Text.decodeUtf8(ByteBuffer.wrap(bytes))).isEqualTo("\ufffd\ufffd\ufffda");
    }

    @Test
    void linesDecodesUtf8Lines() {
        List<ByteBuffer> input = List.of(Rechunker.utf8("h\u00e9llo\r\nw\u00f6rld\n"), Rechunker.utf8("\ud83d\ude00\n"));
        for (List<ByteBuffer> variant : Rechunker.variants(input, 11)) {
            assertThat(Flux.fromIterable(variant).transform(Text.lines(64)).collectList().block())
                    .containsExactly("h\u00e9llo", "w\u00f6rld", "\ud83d\ude00");
        }
    }

    @Test
    void linesLimitCountsBytes() {
        StepVerifier.create(Flux.just(Rechunker.utf8("ab\n\u00e9\u00e9\u00e9\n")).transform(Text.lines(5)))
                .expectNext("ab")
                .expectError(FrameTooLongException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void linesInLatin1() {
        byte[] bytes = {'c', 'a', 'f', (byte) 0xE9, '\n'};
        assertThat(Flux.just(ByteBuffer.wrap(bytes))
                .transform(Text.lines(Framing.lines(10), StandardCharsets.ISO_8859_1)).collectList().block())
                .containsExactly("caf\u00e9");
    }

    @Test
    void linesRejectsCharsetsWithoutASingleByteNewline() {
        assertThatThrownBy(() -> Text.lines(Framing.lines(10), StandardCharsets.UTF_16))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("UTF-16");
    }

    @Test
    void encodeReplacesLoneSurrogatesLikeNode() {
        List<ByteBuffer> out = Flux.just("a\ud800b", "\u20ac").transform(Text.encode(StandardCharsets.UTF_8))
                .collectList().block();
        assertThat(Rechunker.bytes(out.get(0))).containsExactly('a', 0xEF, 0xBF, 0xBD, 'b');
        assertThat(Rechunker.bytes(out.get(1))).containsExactly(0xE2, 0x82, 0xAC);
    }

    @Test
    void encodeThenDecodeIsTheIdentity() {
        List<String> strings = new ArrayList<>(List.of(MIXED, "", "plain", "\u0000\u007f\u0080\u07ff\u0800\uffff"));
        String joined = String.join("", strings);
        List<ByteBuffer> bytes = Flux.fromIterable(strings).transform(Text.encode(StandardCharsets.UTF_8))
                .collectList().block();
        for (List<ByteBuffer> variant : Rechunker.variants(bytes, 5)) {
            assertThat(decodeAll(variant, StandardCharsets.UTF_8)).isEqualTo(joined);
        }
    }
}
