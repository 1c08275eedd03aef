package io.reactivenet.framing;

import io.reactivenet.testing.Rechunker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/** Test helpers: build inputs and run decoders synchronously. */
final class Frames {

    private Frames() {
    }

    static List<ByteBuffer> chunks(String... parts) {
        List<ByteBuffer> out = new ArrayList<>();
        for (String p : parts) {
            out.add(Rechunker.utf8(p));
        }
        return out;
    }

    static String str(ByteBuffer b) {
        return new String(Rechunker.bytes(b), StandardCharsets.UTF_8);
    }

    /** Decodes {@code chunks} and returns the frames as strings (blocks; the source is synchronous). */
    static List<String> decode(Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder, List<ByteBuffer> chunks) {
        return Flux.fromIterable(chunks).transform(decoder).map(Frames::str).collectList().block();
    }

    /** Decodes {@code chunks} into byte arrays. */
    static List<byte[]> decodeBytes(Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder, List<ByteBuffer> chunks) {
        return Flux.fromIterable(chunks).transform(decoder).map(Rechunker::bytes).collectList().block();
    }

    /** Hex dump of byte arrays or buffers, for failure messages. */
    static String describe(List<?> items) {
        StringBuilder sb = new StringBuilder("[");
        for (Object o : items) {
            byte[] b = o instanceof ByteBuffer buf ? Rechunker.bytes(buf) : (byte[]) o;
            sb.append(java.util.HexFormat.of().formatHex(b)).append(' ');
        }
        return sb.append(']').toString();
    }
}
