package io.reactivenet.framing;

import static io.reactivenet.framing.Frames.chunks;
import static io.reactivenet.framing.Frames.decode;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@Timeout(60)
class FixedLengthCodecTest {

    @Test
    void cutsEveryNBytes() {
        for (List<ByteBuffer> variant : Rechunker.variants(chunks("abcdefg", "hijkl"), 3)) {
            assertThat(decode(Framing.fixedLength(4).decoder(), variant)).containsExactly("abcd", "efgh", "ijkl");
        }
    }

    @Test
    void partialLastFrameFailsOrIsEmitted() {
        StepVerifier.create(Flux.fromIterable(chunks("abcdef")).transform(Framing.fixedLength(4).decoder())
                        .map(Frames::str))
                .expectNext("abcd")
                .expectErrorMessage("Stream ended inside a frame: 2 bytes left over (frames are 4 bytes)")
                .verify(Duration.ofSeconds(10));
        assertThat(decode(Framing.fixedLength(4).withTruncation(Truncation.ALLOW).decoder(), chunks("abcdef")))
                .containsExactly("abcd", "ef");
    }

    @Test
    void encoderPassesExactFramesAndRejectsOthers() {
        ByteBuffer ok = Rechunker.utf8("abcd");
        StepVerifier.create(Flux.just(ok, Rechunker.utf8("abc")).transform(Framing.fixedLength(4).encoder()))
                .expectNext(ok)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidFrameException.class)
                        .hasMessage("A frame of 3 bytes cannot be encoded as a fixed-length frame of 4 bytes"))
                .verify(Duration.ofSeconds(10));
    }
}
