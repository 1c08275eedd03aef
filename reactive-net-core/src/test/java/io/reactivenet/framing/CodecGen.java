package io.reactivenet.framing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random codecs, and random frames that each codec can encode, for the property and fuzz tests. */
final class CodecGen {

    private CodecGen() {
    }

    /** A codec and frames it round-trips. */
    record Case(FrameCodec codec, List<byte[]> frames) {
        List<ByteBuffer> frameBuffers() {
            List<ByteBuffer> out = new ArrayList<>();
            for (byte[] f : frames) {
                out.add(ByteBuffer.wrap(f.clone()));
            }
            return out;
        }
    }

    private static final List<List<byte[]>> DELIMITER_SETS = List.of(
            List.of(b("\n")), List.of(b("\r\n")), List.of(b("\r\n"), b("\n")), List.of(b("\0")),
            List.of(b("||")), List.of(b("END\r\n")), List.of(b("\r\n"), b("\n"), b("\0")),
            List.of(b("ab"), b("abc")), List.of(b("aa")), List.of(b("aab")), List.of(b("zz"), b("xyzzy")));

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static int frameLength(Random r, int max) {
        int k = r.nextInt(10);
        int bound = k < 5 ? Math.min(max, 16) : k < 9 ? Math.min(max, 300) : max;
        return r.nextInt(bound + 1);
    }

    static byte[] bytesAvoiding(Random r, int n, boolean[] forbidden) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            byte v;
            do {
                v = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : 'a' + r.nextInt(30));
            } while (forbidden[v & 0xFF]);
            out[i] = v;
        }
        return out;
    }

    static Case lines(Random r) {
        int max = 1 + r.nextInt(r.nextBoolean() ? 20 : 2000);
        boolean strip = r.nextBoolean();
        boolean[] forbidden = new boolean[256];
        forbidden['\n'] = true;
        List<byte[]> frames = new ArrayList<>();
        int count = r.nextInt(30);
        for (int i = 0; i < count; i++) {
            byte[] f = bytesAvoiding(r, frameLength(r, max), forbidden);
            if (strip && f.length > 0 && f[f.length - 1] == '\r') {
                f[f.length - 1] = 'r';
            }
            frames.add(f);
        }
        return new Case(Framing.lines(max).withStripCarriageReturn(strip), frames);
    }

    static Case delimiter(Random r) {
        List<byte[]> delimiters;
        if (r.nextBoolean()) {
            delimiters = DELIMITER_SETS.get(r.nextInt(DELIMITER_SETS.size()));
        } else {
            byte[] pool = {0, '\n', '|', (byte) 0xFF, 'q'};
            byte[] d = new byte[1 + r.nextInt(4)];
            for (int i = 0; i < d.length; i++) {
                d[i] = pool[r.nextInt(pool.length)];
            }
            delimiters = List.of(d);
        }
        boolean[] forbidden = new boolean[256];
        for (byte[] d : delimiters) {
            for (byte v : d) {
                forbidden[v & 0xFF] = true;
            }
        }
        int max = 1 + r.nextInt(r.nextBoolean() ? 20 : 2000);
        List<byte[]> frames = new ArrayList<>();
        int count = r.nextInt(30);
        for (int i = 0; i < count; i++) {
            frames.add(bytesAvoiding(r, frameLength(r, max), forbidden));
        }
        return new Case(Framing.delimiters(delimiters, max), frames);
    }

    static LengthFieldCodec randomLengthField(Random r) {
        int[] lengths = {1, 2, 3, 4, 8};
        int fieldLength = lengths[r.nextInt(lengths.length)];
        int max = fieldLength + 1 + r.nextInt(r.nextBoolean() ? 40 : 3000);
        if (fieldLength == 1) {
            max = Math.min(max, 200);
        }
        LengthFieldCodec c = Framing.lengthField(max).withFieldLength(fieldLength)
                .withByteOrder(r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                .withLengthIncludesHeader(r.nextBoolean());
        if (r.nextInt(3) == 0) {
            c = c.withLengthAdjustment(r.nextInt(7) - 3);
        }
        return c;
    }

    static Case lengthField(Random r) {
        LengthFieldCodec c = randomLengthField(r);
        // The value written is n - adjustment(effective); keep it >= 0 and within the field.
        long effective = c.lengthAdjustment() - (c.lengthIncludesHeader() ? c.fieldLength() : 0);
        int minPayload = (int) Math.max(0, effective);
        int maxPayload = c.maxLength() - c.fieldLength();
        if (c.fieldLength() == 1) {
            maxPayload = (int) Math.min(maxPayload, 255 + effective);
        }
        List<byte[]> frames = new ArrayList<>();
        int count = r.nextInt(30);
        for (int i = 0; i < count && minPayload <= maxPayload; i++) {
            int n = minPayload + frameLength(r, maxPayload - minPayload);
            byte[] f = new byte[n];
            r.nextBytes(f);
            frames.add(f);
        }
        return new Case(c, frames);
    }

    static Case fixedLength(Random r) {
        int n = 1 + r.nextInt(r.nextBoolean() ? 8 : 1000);
        List<byte[]> frames = new ArrayList<>();
        int count = r.nextInt(30);
        for (int i = 0; i < count; i++) {
            byte[] f = new byte[n];
            r.nextBytes(f);
            frames.add(f);
        }
        return new Case(Framing.fixedLength(n), frames);
    }
}
