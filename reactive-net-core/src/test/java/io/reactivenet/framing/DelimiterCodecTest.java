package io.reactivenet.framing;

import static io.reactivenet.framing.Frames.chunks;
import static io.reactivenet.framing.Frames.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.NetArgumentException;
import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@Timeout(60)
class DelimiterCodecTest {

    @Test
    void multiByteDelimiterStraddlingChunks() {
        for (List<ByteBuffer> variant : Rechunker.variants(chunks("one<END>two<E", "ND><END>three<END>"), 1)) {
            assertThat(decode(Framing.delimiter("<END>", 10).decoder(), variant))
                    .containsExactly("one", "two", "", "three");
        }
    }

    @Test
    void severalDelimitersTheEarliestEndingWinsAndTheLongestOnTies() {
        DelimiterCodec codec = Framing.delimiters(List.of(CodecGen.b("\n"), CodecGen.b("\r\n"), CodecGen.b("\0")), 10);
        for (List<ByteBuffer> variant : Rechunker.variants(chunks("a\r\nb\nc\0d\r\r\n"), 9)) {
            assertThat(decode(codec.decoder(), variant)).containsExactly("a", "b", "c", "d\r");
        }
    }

    @Test
    void selfOverlappingDelimiter() {
        for (List<ByteBuffer> variant : Rechunker.variants(chunks("xaaaya", "ab"), 4)) {
            // "aa" first ends at "xaa"; then "ayaab" holds "aa" after "ay"; "b" is the truncated rest.
            assertThat(decode(Framing.delimiter("aa", 10).withTruncation(Truncation.ALLOW).decoder(), variant))
                    .containsExactly("x", "ay", "b");
        }
    }

    @Test
    void oversizedFailsNamingTheNumbersAfterEarlierFrames() {
        StepVerifier.create(Flux.fromIterable(chunks("ab|", "0123456789", "01234")).transform(
                        Framing.delimiter("|", 8).decoder()).map(Frames::str))
                .expectNext("ab")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FrameTooLongException.class)
                        .hasMessage("Maximum allowed frame length is 8 but the frame is at least 10 bytes"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void discardKeepsDecoding() {
        List<DroppedFrame> drops = new ArrayList<>();
        DelimiterCodec codec = Framing.delimiter("||", 3).withOversized(Oversized.DISCARD).withDropListener(drops::add);
        for (List<ByteBuffer> variant : Rechunker.variants(chunks("a||toolong|", "|b||"), 2)) {
            drops.clear();
            assertThat(decode(codec.decoder(), variant)).containsExactly("a", "b");
            assertThat(drops).containsExactly(new DroppedFrame(7, 3));
        }
    }

    @Test
    void truncation() {
        StepVerifier.create(Flux.fromIterable(chunks("a|bc")).transform(Framing.delimiter("|", 8).decoder())
                        .map(Frames::str))
                .expectNext("a")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TruncatedFrameException.class)
                        .hasMessage("Stream ended inside a frame: 2 bytes left over (no delimiter at the end)"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void encoderAppendsTheFirstDelimiter() {
        List<ByteBuffer> out = Flux.just(Rechunker.utf8("a"), Rechunker.utf8("b"))
                .transform(Framing.delimiters(List.of(CodecGen.b("\r\n"), CodecGen.b("\n")), 4).encoder())
                .collectList().block();
        assertThat(new String(Rechunker.concat(out))).isEqualTo("a\r\nb\r\n");
    }

    @Test
    void emptyDelimiterIsRejected() {
        assertThatThrownBy(() -> Framing.delimiter("", 4)).isInstanceOf(NetArgumentException.class)
                .extracting(e -> ((NetArgumentException) e).code()).isEqualTo("ERR_INVALID_ARG_VALUE");
        assertThatThrownBy(() -> Framing.delimiters(List.of(), 4)).isInstanceOf(NetArgumentException.class);
    }
}
