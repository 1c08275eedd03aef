package io.reactivenet.framing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.internal.framing.FrameSplitter;
import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/**
 * A bounded, seeded fuzz loop per decoder (it runs in every build): random and half-valid inputs,
 * random settings (FAIL/DISCARD, ALLOW/DISALLOW, tiny limits). For each input the decoder must
 * <ul>
 *   <li>raise no exception but the documented {@link FramingException}s,</li>
 *   <li>always make progress (no hang),</li>
 *   <li>never hold more than maxLength + 8 bytes (memory bounded by the limit, not the input),</li>
 *   <li>give the same frames, drops and outcome whatever the chunking, and the same through the
 *       Flux operator as when driven directly.</li>
 * </ul>
 * Rerun a failure with {@code -Dframing.seed=N}; {@code -Dframing.fuzz=N} sets the inputs per decoder.
 */
@Timeout(180)
class FramingFuzzTest {

    private static final int INPUTS = Integer.getInteger("framing.fuzz", 1500);

    /** What decoding one input gave. */
    record Outcome(List<String> frames, List<DroppedFrame> drops, String end) {
    }

    /** A codec under test, with a splitter factory that reports drops to a list. */
    record Subject(FrameCodec codec, Supplier<FrameSplitter> parsers, List<DroppedFrame> drops) {
    }

    private static Subject subject(String kind, Random r) {
        List<DroppedFrame> drops = new ArrayList<>();
        Consumer<DroppedFrame> listener = drops::add;
        Oversized oversized = r.nextBoolean() ? Oversized.FAIL : Oversized.DISCARD;
        Truncation truncation = r.nextBoolean() ? Truncation.DISALLOW : Truncation.ALLOW;
        int max = 1 + r.nextInt(r.nextBoolean() ? 8 : 200);
        switch (kind) {
            case "lines" -> {
                LineCodec c = Framing.lines(max).withStripCarriageReturn(r.nextBoolean()).withOversized(oversized)
                        .withTruncation(truncation).withDropListener(listener);
                return new Subject(c, c::newSplitter, drops);
            }
            case "delimiter" -> {
                DelimiterCodec c = ((DelimiterCodec) CodecGen.delimiter(r).codec()).withMaxLength(max)
                        .withOversized(oversized).withTruncation(truncation).withDropListener(listener);
                return new Subject(c, c::newSplitter, drops);
            }
            case "lengthField" -> {
                LengthFieldCodec c = CodecGen.randomLengthField(r).withOversized(oversized).withTruncation(truncation)
                        .withDropListener(listener);
                if (r.nextInt(3) == 0) {
                    c = c.withFieldOffset(r.nextInt(4)).withBytesToStrip(r.nextInt(6));
                }
                if (r.nextBoolean()) {
                    c = c.withMaxLength(c.fieldOffset() + c.fieldLength() + r.nextInt(30));
                }
                return new Subject(c, c::newSplitter, drops);
            }
            default -> {
                FixedLengthCodec c = Framing.fixedLength(max).withTruncation(truncation);
                return new Subject(c, c::newSplitter, drops);
            }
        }
    }

    private static byte[] input(Random r, Subject s) {
        int n = r.nextInt(r.nextInt(4) == 0 ? 2000 : 300);
        byte[] out = new byte[n];
        int style = r.nextInt(3);
        if (style == 0) {
            r.nextBytes(out);
        } else {
            byte[] alphabet = {'\n', '\r', 0, '|', 'a', 'b', 'c', 'x', 'y', 'z', 'q', (byte) 0xFF, 1, 2, 'E', 'N', 'D'};
            for (int i = 0; i < n; i++) {
                out[i] = style == 1 ? alphabet[r.nextInt(alphabet.length)] : (byte) (r.nextInt(4) == 0 ? r.nextInt(256)
                        : r.nextInt(3));
            }
        }
        if (r.nextInt(3) == 0 && s.codec() instanceof LengthFieldCodec lf && lf.fieldOffset() == 0) {
            // Mostly valid frames, then the random tail.
            List<ByteBuffer> frames = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] f = new byte[r.nextInt(Math.max(1, lf.maxLength()))];
                r.nextBytes(f);
                frames.add(ByteBuffer.wrap(f));
            }
            List<ByteBuffer> enc = Flux.fromIterable(frames).transform(lf.encoder())
                    .onErrorResume(e -> Flux.empty()).collectList().block();
            byte[] valid = Rechunker.concat(enc);
            byte[] both = Arrays.copyOf(valid, valid.length + out.length / 4);
            System.arraycopy(out, 0, both, valid.length, out.length / 4);
            return both;
        }
        return out;
    }

    /** Drives a fresh splitter over {@code chunks} as the operator does, checking progress and memory. */
    private static Outcome drive(Subject s, List<ByteBuffer> chunks, String where) {
        s.drops().clear();
        FrameSplitter p = s.parsers().get();
        List<String> frames = new ArrayList<>();
        long bound = s.codec().maxLength() + 8L;
        String end;
        try {
            for (ByteBuffer chunk : chunks) {
                int guard = chunk.remaining() + 2;
                for (;;) {
                    int before = chunk.position();
                    ByteBuffer f = p.next(chunk);
                    assertThat(p.buffered()).as("buffered bytes, %s", where).isLessThanOrEqualTo(bound);
                    if (f == null) {
                        assertThat(chunk.hasRemaining()).as("null frame with bytes left, %s", where).isFalse();
                        break;
                    }
                    assertThat(f.remaining()).as("frame length, %s", where).isLessThanOrEqualTo(s.codec().maxLength());
                    frames.add(HexFormat.of().formatHex(Rechunker.bytes(f)));
                    assertThat(chunk.position() > before || --guard > 0).as("progress, %s", where).isTrue();
                }
            }
            ByteBuffer last = p.finish();
            if (last != null) {
                frames.add(HexFormat.of().formatHex(Rechunker.bytes(last)));
            }
            end = "complete";
        } catch (FramingException e) {
            end = e.getClass().getSimpleName() + "/" + e.code();
        }
        return new Outcome(frames, List.copyOf(s.drops()), end);
    }

    private static Outcome viaFlux(Subject s, List<ByteBuffer> chunks) {
        s.drops().clear();
        List<String> frames = new ArrayList<>();
        String[] end = {"complete"};
        Flux.fromIterable(chunks).transform(flux -> io.reactivenet.internal.framing.FrameDecoderFlux
                        .decode(flux, s.parsers()))
                .doOnNext(f -> frames.add(HexFormat.of().formatHex(Rechunker.bytes(f))))
                .onErrorResume(FramingException.class, e -> {
                    end[0] = e.getClass().getSimpleName() + "/" + e.code();
                    return Flux.empty();
                })
                .blockLast();
        return new Outcome(frames, List.copyOf(s.drops()), end[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lines", "delimiter", "lengthField", "fixedLength"})
    void randomInputNeverBreaksTheDecoder(String kind) {
        long seed = Long.getLong("framing.seed", System.nanoTime());
        Random r = new Random(seed);
        for (int i = 0; i < INPUTS; i++) {
            Subject s = subject(kind, r);
            byte[] bytes = input(r, s);
            String where = "seed " + seed + ", input " + i + ", " + s.codec() + ", bytes "
                    + HexFormat.of().formatHex(bytes);
            verify(s, bytes, r, where);
        }
    }

    /**
     * Decodes {@code bytes} whole, re-split at random, one byte at a time (when short) and through
     * the Flux operator, and checks that every run agrees (see the class comment).
     */
    static void verify(Subject s, byte[] bytes, Random r, String where) {
        List<ByteBuffer> whole = List.of(ByteBuffer.wrap(bytes));
        Outcome expected = drive(s, List.of(ByteBuffer.wrap(bytes.clone())), where);
        List<ByteBuffer> split = Rechunker.randomly(whole, r, 1 + r.nextInt(64));
        assertThat(drive(s, split, where + ", split " + Frames.describe(split))).as(where).isEqualTo(expected);
        if (bytes.length <= 300) {
            assertThat(drive(s, Rechunker.oneByteAtATime(whole), where + ", bytewise")).as(where)
                    .isEqualTo(expected);
        }
        List<ByteBuffer> split2 = Rechunker.randomly(whole, r, 1 + r.nextInt(512));
        assertThat(viaFlux(s, split2)).as(where + ", via Flux").isEqualTo(expected);
    }

    /** For the Jazzer entry points: settings from the first 8 bytes, the rest is the input. */
    static void verify(String kind, long settings, byte[] bytes) {
        Random r = new Random(settings);
        Subject s = subject(kind, r);
        verify(s, bytes, r, kind + " settings " + settings + ", " + s.codec() + ", bytes "
                + HexFormat.of().formatHex(bytes));
    }
}
