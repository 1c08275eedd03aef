package io.reactivenet.framing;

import static io.reactivenet.framing.Frames.chunks;
import static io.reactivenet.framing.Frames.decode;
import static io.reactivenet.framing.Frames.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.NetArgumentException;
import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

@Timeout(60)
class LineCodecTest {

    @Test
    void splitsLinesAcrossEveryRechunking() {
        List<ByteBuffer> input = chunks("alpha\nbe", "ta\r\n\ngam", "ma\r\n", "\r\n", "x\ry\n");
        for (List<ByteBuffer> variant : Rechunker.variants(input, 42)) {
            assertThat(decode(Framing.lines(100).decoder(), variant))
                    .containsExactly("alpha", "beta", "", "gamma", "", "x\ry");
        }
    }

    @Test
    void keepsCarriageReturnWhenAsked() {
        assertThat(decode(Framing.lines(100).withStripCarriageReturn(false).decoder(), chunks("a\r\nb\n")))
                .containsExactly("a\r", "b");
    }

    @Test
    void frameInsideOneChunkIsASliceOfIt() {
        ByteBuffer chunk = Rechunker.utf8("one\ntwo\n");
        List<ByteBuffer> frames = Flux.just(chunk).transform(Framing.lines(10).decoder()).collectList().block();
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).array()).isSameAs(chunk.array());
        assertThat(frames.get(1).array()).isSameAs(chunk.array());
        assertThat(str(frames.get(1))).isEqualTo("two");
    }

    @Test
    void oversizedLineFailsAfterTheFramesBeforeIt() {
        StepVerifier.create(Flux.fromIterable(chunks("ok\n", "0123456789", "0123456789", "next\n"))
                        .transform(Framing.lines(16).decoder()).map(Frames::str))
                .expectNext("ok")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FrameTooLongException.class)
                        .hasMessage("Maximum allowed frame length is 16 but the frame is at least 19 bytes")
                        .extracting(x -> ((FrameTooLongException) x).code()).isEqualTo("ERR_FRAME_TOO_LONG"))
                .verify(java.time.Duration.ofSeconds(10));
    }

    @Test
    void oversizedLineInOneChunkNamesItsExactLength() {
        StepVerifier.create(Flux.fromIterable(chunks("ok\n0123456789\n")).transform(Framing.lines(4).decoder())
                        .map(Frames::str))
                .expectNext("ok")
                .expectErrorMessage("Maximum allowed frame length is 4 but the frame is 10 bytes")
                .verify(java.time.Duration.ofSeconds(10));
    }

    @Test
    void lineOfExactlyMaxLengthWithCrlfPasses() {
        for (List<ByteBuffer> variant : Rechunker.variants(chunks("abcd\r\nabcd\n"), 7)) {
            assertThat(decode(Framing.lines(4).decoder(), variant)).containsExactly("abcd", "abcd");
        }
    }

    @Test
    void discardSkipsToTheNextLineAndReportsTheDrop() {
        List<DroppedFrame> drops = new ArrayList<>();
        LineCodec codec = Framing.lines(4).withOversized(Oversized.DISCARD).withDropListener(drops::add);
        for (List<ByteBuffer> variant : Rechunker.variants(chunks("a\n0123456789\r\nb\nxxxxx\n"), 3)) {
            drops.clear();
            assertThat(decode(codec.decoder(), variant)).containsExactly("a", "b");
            assertThat(drops).hasSize(2);
            assertThat(drops.get(1)).isEqualTo(new DroppedFrame(5, 4));
        }
    }

    @Test
    void truncatedLastLineFailsNamingTheBytesLeft() {
        StepVerifier.create(Flux.fromIterable(chunks("a\nb", "cd")).transform(Framing.lines(10).decoder())
                        .map(Frames::str))
                .expectNext("a")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TruncatedFrameException.class)
                        .hasMessageContaining("3 bytes left over"))
                .verify(java.time.Duration.ofSeconds(10));
    }

    @Test
    void truncatedLastLineIsEmittedWhenAllowed() {
        assertThat(decode(Framing.lines(10).withTruncation(Truncation.ALLOW).decoder(), chunks("a\nb", "cd")))
                .containsExactly("a", "bcd");
    }

    @Test
    void honoursDemandOneFrameAtATime() {
        TestPublisher<ByteBuffer> source = TestPublisher.create();
        StepVerifier.create(source.flux().transform(Framing.lines(10).decoder()).map(Frames::str), 0)
                .expectSubscription()
                .then(() -> assertThat(source.wasRequested()).isFalse())
                .thenRequest(1)
                .then(() -> source.assertMinRequested(1).next(Rechunker.utf8("a\nb\nc\nd")))
                .expectNext("a")
                .then(() -> source.assertMaxRequested(0))
                .thenRequest(2)
                .expectNext("b", "c")
                .then(() -> source.assertMaxRequested(0))
                .thenRequest(1)
                .then(() -> source.assertMinRequested(1).next(Rechunker.utf8("\n")).complete())
                .expectNext("d")
                .expectComplete().verify(java.time.Duration.ofSeconds(10));
    }

    @Test
    void upstreamErrorComesAfterTheCompleteFrames() {
        TestPublisher<ByteBuffer> source = TestPublisher.create();
        StepVerifier.create(source.flux().transform(Framing.lines(10).decoder()).map(Frames::str), 1)
                .then(() -> source.next(Rechunker.utf8("a\nb\npartial")).error(new IllegalStateException("boom")))
                .expectNext("a")
                .thenRequest(5)
                .expectNext("b")
                .expectErrorMessage("boom")
                .verify(java.time.Duration.ofSeconds(10));
    }

    @Test
    void encoderAppendsNewlineAndRoundTrips() {
        List<String> lines = List.of("x", "", "héllo wörld");
        Flux<ByteBuffer> encoded = Flux.fromIterable(lines).map(Rechunker::utf8)
                .transform(Framing.lines(20).encoder());
        List<ByteBuffer> bytes = encoded.collectList().block();
        assertThat(new String(Rechunker.concat(bytes), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("x\n\nhéllo wörld\n");
        assertThat(decode(Framing.lines(20).decoder(), Rechunker.oneByteAtATime(bytes))).isEqualTo(lines);
    }

    @Test
    void encoderRejectsOversizedFrames() {
        StepVerifier.create(Flux.just(Rechunker.utf8("12345")).transform(Framing.lines(4).encoder()))
                .expectErrorMessage("Maximum allowed frame length is 4 but the frame is 5 bytes")
                .verify(java.time.Duration.ofSeconds(10));
    }

    @Test
    void badMaxLengthIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> Framing.lines(0)).isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("Received 0")
                .extracting(e -> ((NetArgumentException) e).code()).isEqualTo("ERR_OUT_OF_RANGE");
    }

    @Test
    void withMethodsReturnNewInstances() {
        LineCodec a = Framing.lines(10);
        assertThat(a.withMaxLength(11)).isNotSameAs(a).extracting(LineCodec::maxLength).isEqualTo(11);
        assertThat(a.maxLength()).isEqualTo(10);
        assertThat(a.withOversized(Oversized.DISCARD).oversized()).isEqualTo(Oversized.DISCARD);
        assertThat(a.oversized()).isEqualTo(Oversized.FAIL);
    }

    @Test
    void cancelStopsUpstream() {
        TestPublisher<ByteBuffer> source = TestPublisher.create();
        StepVerifier.create(source.flux().transform(Framing.lines(10).decoder()).map(Frames::str))
                .then(() -> source.next(Rechunker.utf8("a\nbc")))
                .expectNext("a")
                .thenCancel()
                .verify(java.time.Duration.ofSeconds(10));
        source.assertCancelled();
    }

    @Test
    void asynchronousChunksAndRequestsFromOtherThreads() {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String line = "line-" + i + "-" + "x".repeat(i % 37);
            expected.add(line);
            text.append(line).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        List<ByteBuffer> input = List.of(Rechunker.utf8(text.toString()));
        for (int round = 0; round < 20; round++) {
            List<ByteBuffer> chunks = Rechunker.randomly(input, round);
            List<String> got = Flux.fromIterable(chunks)
                    .publishOn(reactor.core.scheduler.Schedulers.parallel(), 2)
                    .transform(Framing.lines(100).decoder())
                    .publishOn(reactor.core.scheduler.Schedulers.single(), 3)
                    .map(Frames::str)
                    .collectList()
                    .block(java.time.Duration.ofSeconds(20));
            assertThat(got).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void cancelHandsTheUnreadChunkToTheDiscardHook() {
        List<Object> discarded = new ArrayList<>();
        TestPublisher<ByteBuffer> source = TestPublisher.create();
        ByteBuffer chunk = Rechunker.utf8("a\nb\nc\n");
        StepVerifier.create(source.flux().transform(Framing.lines(10).decoder()).map(Frames::str)
                        .contextWrite(ctx -> reactor.core.publisher.Operators.enableOnDiscard(ctx, discarded::add)), 1)
                .then(() -> source.next(chunk))
                .expectNext("a")
                .thenCancel()
                .verify(java.time.Duration.ofSeconds(10));
        assertThat(discarded).containsExactly(chunk);
        assertThat(str(chunk)).isEqualTo("b\nc\n");
    }

    @Test
    void oversizedErrorCancelsUpstreamAndDiscardsTheChunk() {
        List<Object> discarded = new ArrayList<>();
        TestPublisher<ByteBuffer> source = TestPublisher.create();
        StepVerifier.create(source.flux().transform(Framing.lines(3).decoder()).map(Frames::str)
                        .contextWrite(ctx -> reactor.core.publisher.Operators.enableOnDiscard(ctx, discarded::add)))
                .then(() -> source.next(Rechunker.utf8("ok\ntoo long\nmore\n")))
                .expectNext("ok")
                .expectError(FrameTooLongException.class)
                .verify(java.time.Duration.ofSeconds(10));
        source.assertCancelled();
        assertThat(discarded).hasSize(1);
    }
}
