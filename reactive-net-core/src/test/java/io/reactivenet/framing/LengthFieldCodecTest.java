package io.reactivenet.framing;

import static io.reactivenet.framing.Frames.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.reactivenet.NetArgumentException;
import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@Timeout(120)
class LengthFieldCodecTest {

    private static List<ByteBuffer> hex(String... parts) {
        List<ByteBuffer> out = new ArrayList<>();
        for (String p : parts) {
            out.add(ByteBuffer.wrap(HexFormat.of().parseHex(p)));
        }
        return out;
    }

    @Test
    void defaultsReadAFourByteBigEndianLengthAndStripIt() {
        for (List<ByteBuffer> variant : Rechunker.variants(hex("0000000568656c6c6f00000000", "0000000121"), 1)) {
            assertThat(decode(Framing.lengthField(64).decoder(), variant)).containsExactly("hello", "", "!");
        }
    }

    @Test
    void offsetAdjustmentAndStripAsInNettysJavadoc() {
        // HDR1 | LEN (2, counts whole frame) | HDR2 | body; keep from HDR2 on (strip 3).
        LengthFieldCodec codec = Framing.lengthField(100).withFieldOffset(1).withFieldLength(2)
                .withLengthAdjustment(-3).withBytesToStrip(3);
        List<byte[]> frames = Frames.decodeBytes(codec.decoder(), hex("ca0010fe48454c4c4f2c20574f524c44"));
        assertThat(frames).hasSize(1);
        assertThat(HexFormat.of().formatHex(frames.get(0))).isEqualTo("fe48454c4c4f2c20574f524c44");
    }

    @Test
    void oversizedFailsBeforeBufferingTheBody() {
        StepVerifier.create(Flux.fromIterable(hex("000161", "00ff")).transform(
                        Framing.lengthField(64).withFieldLength(2).decoder()).map(Frames::str))
                .expectNext("a")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FrameTooLongException.class)
                        .hasMessage("Maximum allowed frame length is 64 but the frame is 257 bytes"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void discardSkipsTheDeclaredLength() {
        List<DroppedFrame> drops = new ArrayList<>();
        LengthFieldCodec codec = Framing.lengthField(4).withFieldLength(1).withOversized(Oversized.DISCARD)
                .withDropListener(drops::add);
        for (List<ByteBuffer> variant : Rechunker.variants(hex("0161", "05", "0102030405", "0262", "63"), 5)) {
            drops.clear();
            assertThat(decode(codec.decoder(), variant)).containsExactly("a", "bc");
            assertThat(drops).containsExactly(new DroppedFrame(6, 4));
        }
    }

    @Test
    void truncatedFrameNamesWhatWasLeft() {
        StepVerifier.create(Flux.fromIterable(hex("000000016100000009616263")).transform(
                        Framing.lengthField(64).decoder()).map(Frames::str))
                .expectNext("a")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TruncatedFrameException.class)
                        .hasMessage("Stream ended inside a frame: 7 bytes left over (the header declared 13)"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void negativeAndTooShortLengthsAreInvalid() {
        StepVerifier.create(Flux.fromIterable(hex("ff00000000000000")).transform(
                        Framing.lengthField(64).withFieldLength(8).decoder()))
                .expectErrorMessage("Negative length field value: -72057594037927936")
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(Flux.fromIterable(hex("0001")).transform(
                        Framing.lengthField(64).withFieldLength(2).withLengthIncludesHeader(true).decoder()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidFrameException.class)
                        .hasMessageContaining("Adjusted frame length (1) is less than the length field end offset (2)"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void encoderWritesTheLengthTheDecoderExpects() {
        LengthFieldCodec codec = Framing.lengthField(100).withFieldLength(2).withByteOrder(ByteOrder.LITTLE_ENDIAN)
                .withLengthIncludesHeader(true);
        List<ByteBuffer> out = Flux.just(Rechunker.utf8("abc")).transform(codec.encoder()).collectList().block();
        assertThat(HexFormat.of().formatHex(Rechunker.concat(out))).isEqualTo("0500616263");
        StepVerifier.create(Flux.just(ByteBuffer.allocate(256)).transform(
                        Framing.lengthField(1000).withFieldLength(1).encoder()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidFrameException.class)
                        .hasMessageContaining("1-byte field cannot hold"))
                .verify(Duration.ofSeconds(10));
        assertThatThrownBy(() -> codec.withFieldOffset(1).encoder()).isInstanceOf(NetArgumentException.class);
    }

    @Test
    void badFieldLengthIsRejected() {
        assertThatThrownBy(() -> Framing.lengthField(10).withFieldLength(5)).isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("Received 5");
    }

    /** Netty's LengthFieldBasedFrameDecoder is the oracle for well-formed streams, any parameters. */
    @Test
    void decodesLikeNettysLengthFieldBasedFrameDecoder() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < 300; i++) {
            int[] lengths = {1, 2, 3, 4, 8};
            int fieldLength = lengths[r.nextInt(lengths.length)];
            int offset = r.nextInt(4);
            int adjustment = r.nextInt(9) - 4;
            int headerEnd = offset + fieldLength;
            boolean big = r.nextBoolean();
            int max = 4096;
            // Build frames: prefix bytes, the field, then the body; frameLength = value + adj + headerEnd.
            List<byte[]> frames = new ArrayList<>();
            int minFrame = Math.max(headerEnd, headerEnd + adjustment);
            int strip = r.nextInt(minFrame + 1);
            ByteBuffer stream = ByteBuffer.allocate(64 * 1024);
            int count = 1 + r.nextInt(20);
            for (int k = 0; k < count; k++) {
                int frameLength = minFrame + r.nextInt(fieldLength == 1 ? 200 : 600);
                long value = frameLength - adjustment - headerEnd;
                byte[] frame = new byte[frameLength];
                r.nextBytes(frame);
                for (int b = 0; b < fieldLength; b++) {
                    int shift = 8 * (big ? fieldLength - 1 - b : b);
                    frame[offset + b] = (byte) (value >>> shift);
                }
                stream.put(frame);
                frames.add(Arrays.copyOfRange(frame, strip, frame.length));
            }
            stream.flip();
            byte[] all = Rechunker.bytes(stream);
            List<byte[]> netty = nettyDecode(all, big, max, offset, fieldLength, adjustment, strip, r);
            LengthFieldCodec ours = Framing.lengthField(max).withFieldOffset(offset).withFieldLength(fieldLength)
                    .withByteOrder(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                    .withLengthAdjustment(adjustment).withBytesToStrip(strip);
            List<byte[]> decoded = Frames.decodeBytes(ours.decoder(),
                    Rechunker.randomly(List.of(ByteBuffer.wrap(all)), r, 1 + r.nextInt(700)));
            assertThat(decoded).as("seed %d case %d %s", seed, i, ours).usingElementComparator(Arrays::compare)
                    .containsExactlyElementsOf(netty).containsExactlyElementsOf(frames);
        }
    }

    private static List<byte[]> nettyDecode(byte[] all, boolean big, int max, int offset, int fieldLength,
            int adjustment, int strip, Random r) {
        EmbeddedChannel ch = new EmbeddedChannel(new LengthFieldBasedFrameDecoder(
                big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, max, offset, fieldLength, adjustment, strip, true));
        int at = 0;
        while (at < all.length) {
            int n = Math.min(all.length - at, 1 + r.nextInt(500));
            ch.writeInbound(Unpooled.copiedBuffer(all, at, n));
            at += n;
        }
        ch.finish();
        List<byte[]> out = new ArrayList<>();
        for (ByteBuf b; (b = ch.readInbound()) != null; ) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.add(bytes);
        }
        return out;
    }
}
