package io.reactivenet.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Re-splits a byte stream into other chunks, the way a socket might deliver it: at random points
 * (seeded, so a failure can be replayed) and one byte at a time. Every returned buffer is a fresh
 * heap buffer with its own array, as the socket hands each subscriber its own copy; the input
 * buffers are never modified (their positions included).
 *
 * <pre>{@code
 * for (List<ByteBuffer> chunks : Rechunker.variants(input, seed)) {
 *     StepVerifier.create(Flux.fromIterable(chunks).transform(decoder)) ...
 * }
 * }</pre>
 */
public final class Rechunker {

    private Rechunker() {
    }

    /** All bytes of {@code chunks} (from position to limit) in one array. */
    public static byte[] concat(List<ByteBuffer> chunks) {
        int n = 0;
        for (ByteBuffer b : chunks) {
            n += b.remaining();
        }
        byte[] out = new byte[n];
        int at = 0;
        for (ByteBuffer b : chunks) {
            int r = b.remaining();
            b.get(b.position(), out, at, r);
            at += r;
        }
        return out;
    }

    /** One buffer holding all bytes. */
    public static List<ByteBuffer> whole(List<ByteBuffer> chunks) {
        return List.of(ByteBuffer.wrap(concat(chunks)));
    }

    /** One buffer per byte. */
    public static List<ByteBuffer> oneByteAtATime(List<ByteBuffer> chunks) {
        byte[] all = concat(chunks);
        List<ByteBuffer> out = new ArrayList<>(all.length);
        for (byte b : all) {
            out.add(ByteBuffer.wrap(new byte[] {b}));
        }
        return out;
    }

    /**
     * The bytes cut at random points into chunks of 1 to {@code maxChunk} bytes, chosen with {@code
     * random}; with one chance in four each chunk is an empty buffer followed by the next cut, and
     * the chunk sizes favour small ones, so that cuts inside headers and delimiters are common.
     */
    public static List<ByteBuffer> randomly(List<ByteBuffer> chunks, Random random, int maxChunk) {
        byte[] all = concat(chunks);
        List<ByteBuffer> out = new ArrayList<>();
        int at = 0;
        while (at < all.length) {
            if (random.nextInt(16) == 0) {
                out.add(ByteBuffer.allocate(0));
            }
            int bound = random.nextBoolean() ? Math.min(maxChunk, 8) : maxChunk;
            int n = Math.min(all.length - at, 1 + random.nextInt(Math.max(1, bound)));
            byte[] part = new byte[n];
            System.arraycopy(all, at, part, 0, n);
            // Sometimes hand out a slice with a non-zero array offset, as pooled copies might be.
            if (random.nextInt(4) == 0) {
                byte[] padded = new byte[n + 3];
                System.arraycopy(part, 0, padded, 2, n);
                out.add(ByteBuffer.wrap(padded, 2, n).slice());
            } else {
                out.add(ByteBuffer.wrap(part));
            }
            at += n;
        }
        return out;
    }

    /** The same bytes re-split at random with {@code seed}: chunk sizes up to 64 bytes. */
    public static List<ByteBuffer> randomly(List<ByteBuffer> chunks, long seed) {
        return randomly(chunks, new Random(seed), 64);
    }

    /**
     * The variants every framing test runs: the chunks as given (copied), all in one buffer, one
     * byte at a time, and {@code randomSplits} random re-splits derived from {@code seed}.
     */
    public static List<List<ByteBuffer>> variants(List<ByteBuffer> chunks, long seed, int randomSplits) {
        List<List<ByteBuffer>> out = new ArrayList<>();
        List<ByteBuffer> copy = new ArrayList<>();
        for (ByteBuffer b : chunks) {
            copy.add(ByteBuffer.wrap(concat(List.of(b))));
        }
        out.add(copy);
        out.add(whole(chunks));
        out.add(oneByteAtATime(chunks));
        Random random = new Random(seed);
        for (int i = 0; i < randomSplits; i++) {
            out.add(randomly(chunks, random, 1 + random.nextInt(i % 2 == 0 ? 16 : 4096)));
        }
        return out;
    }

    /** {@link #variants(List, long, int)} with 8 random re-splits. */
    public static List<List<ByteBuffer>> variants(List<ByteBuffer> chunks, long seed) {
        return variants(chunks, seed, 8);
    }

    /** A heap buffer holding {@code text} in UTF-8. */
    public static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes from position to limit, without moving the position. */
    public static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(b.position(), out);
        return out;
    }
}
