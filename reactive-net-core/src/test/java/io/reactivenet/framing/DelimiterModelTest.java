package io.reactivenet.framing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one delimiter splitter against a naive model, for lines (which it also serves) and for
 * delimiter sets that take either search: all ending with the same byte (searched for that byte,
 * checked backwards) or not (each delimiter searched for). Every input runs whole, re-split at
 * random and one byte at a time.
 */
class DelimiterModelTest {

    private static final byte[] ALPHABET = "ab\r\n|xyz".getBytes(StandardCharsets.US_ASCII);

    private static final List<List<String>> SETS = List.of(
            List.of("|"), List.of("ab"), List.of("aab"), List.of("\r\n", "\n"), List.of("xb", "b"), // same last byte
            List.of("ab", "abc"), List.of("zz", "xyzzy"), List.of("\n", "|", "ab"));             // different ones

    /** Frames of {@code in} in the model: a frame ends where the first delimiter ends, the longest one there. */
    static List<String> model(byte[] in, List<byte[]> delimiters) {
        List<String> frames = new ArrayList<>();
        int start = 0;
        for (int end = 1; end <= in.length; end++) {
            int best = 0;
            for (byte[] d : delimiters) {
                int from = end - d.length;
                if (from >= start && d.length > best && Arrays.equals(in, from, end, d, 0, d.length)) {
                    best = d.length;
                }
            }
            if (best > 0) {
                frames.add(new String(in, start, end - best - start, StandardCharsets.ISO_8859_1));
                start = end;
            }
        }
        if (start < in.length) {
            frames.add(new String(in, start, in.length - start, StandardCharsets.ISO_8859_1));
        }
        return frames;
    }

    /** Lines as the removed line parser cut them: at each '\n', one '\r' before it dropped when stripping. */
    static List<String> lineModel(byte[] in, boolean stripCr) {
        List<String> lines = new ArrayList<>();
        String all = new String(in, StandardCharsets.ISO_8859_1);
        int start = 0;
        for (int lf = all.indexOf('\n'); lf >= 0; lf = all.indexOf('\n', start)) {
            int end = stripCr && lf > start && all.charAt(lf - 1) == '\r' ? lf - 1 : lf;
            lines.add(all.substring(start, end));
            start = lf + 1;
        }
        if (start < all.length()) {
            lines.add(all.substring(start));
        }
        return lines;
    }

    private static List<String> decode(FrameCodec codec, List<ByteBuffer> chunks) {
        List<String> out = new ArrayList<>();
        for (byte[] f : Frames.decodeBytes(codec.decoder(), chunks)) {
            out.add(new String(f, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static void check(FrameCodec codec, byte[] in, List<String> expected, long seed) {
        // A decoder owns (and consumes) its chunks: every run gets fresh ones.
        assertThat(decode(codec, List.of(ByteBuffer.wrap(in)))).as("%s whole", codec).isEqualTo(expected);
        assertThat(decode(codec, Rechunker.randomly(List.of(ByteBuffer.wrap(in)), seed)))
                .as("%s split, seed %d", codec, seed).isEqualTo(expected);
        assertThat(decode(codec, Rechunker.oneByteAtATime(List.of(ByteBuffer.wrap(in))))).as("%s bytewise", codec)
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void delimitersAndLinesCutAsTheModel(long seed) {
        Random r = new Random(seed);
        for (int round = 0; round < 150; round++) {
            byte[] in = new byte[r.nextInt(120)];
            for (int i = 0; i < in.length; i++) {
                in[i] = ALPHABET[r.nextInt(ALPHABET.length)];
            }
            List<String> set = SETS.get(r.nextInt(SETS.size()));
            List<byte[]> delimiters = set.stream().map(s -> s.getBytes(StandardCharsets.US_ASCII)).toList();
            check(Framing.delimiters(delimiters, 1000).withTruncation(Truncation.ALLOW), in,
                    model(in, delimiters), seed * 1000 + round);
            boolean strip = r.nextBoolean();
            check(Framing.lines(1000).withStripCarriageReturn(strip).withTruncation(Truncation.ALLOW), in,
                    lineModel(in, strip), seed * 1000 + round);
        }
    }
}
