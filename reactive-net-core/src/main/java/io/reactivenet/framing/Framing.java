package io.reactivenet.framing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Entry point to the framing codecs: lines, delimiters, length fields and fixed lengths. Every
 * factory returns an immutable {@link FrameCodec} whose {@code with…} methods return adjusted
 * copies; its {@code decoder()} and {@code encoder()} are used with {@code Flux.transform}.
 *
 * <p>Node counterpart: none; Node users frame by hand in their {@code 'data'} handlers (see {@link
 * FrameCodec}). Defaults everywhere: {@link Oversized#FAIL}, {@link Truncation#DISALLOW}.
 *
 * <pre>{@code
 * FrameCodec codec = Framing.lengthField(65_536).withFieldLength(2);
 * Flux<ByteBuffer> frames = socket.inbound().transform(codec.decoder());
 * Mono<Void> sent = socket.send(replies.transform(codec.encoder()));
 * }</pre>
 */
public final class Framing {

    private Framing() {
    }

    /**
     * Lines ending in {@code '\n'} (a {@code '\r'} before it is dropped too), at most {@code
     * maxLength} bytes each without the ending.
     *
     * @throws io.reactivenet.NetArgumentException {@code ERR_OUT_OF_RANGE} when {@code maxLength < 1}
     */
    public static LineCodec lines(int maxLength) {
        return LineCodec.of(maxLength);
    }

    /**
     * Frames ended by {@code delimiter} (its UTF-8 bytes), at most {@code maxLength} bytes each
     * without it.
     *
     * @throws io.reactivenet.NetArgumentException for an empty delimiter or {@code maxLength < 1}
     */
    public static DelimiterCodec delimiter(String delimiter, int maxLength) {
        return DelimiterCodec.of(List.of(delimiter.getBytes(StandardCharsets.UTF_8)), maxLength);
    }

    /** Frames ended by the bytes {@code delimiter}, at most {@code maxLength} bytes each without it. */
    public static DelimiterCodec delimiter(byte[] delimiter, int maxLength) {
        return DelimiterCodec.of(List.of(delimiter), maxLength);
    }

    /**
     * Frames ended by any of {@code delimiters}: a frame ends where the first delimiter ends, the
     * longest one when several end at the same byte. The encoder appends the first.
     */
    public static DelimiterCodec delimiters(List<byte[]> delimiters, int maxLength) {
        return DelimiterCodec.of(delimiters, maxLength);
    }

    /**
     * Frames with a length header: by default a 4-byte big-endian length at offset 0 that counts the
     * bytes after it, the header stripped from decoded frames; {@code maxLength} bounds the whole
     * frame, header included. See {@link LengthFieldCodec} for the other parameters.
     */
    public static LengthFieldCodec lengthField(int maxLength) {
        return LengthFieldCodec.of(maxLength);
    }

    /** Frames of exactly {@code length} bytes. */
    public static FixedLengthCodec fixedLength(int length) {
        return FixedLengthCodec.of(length);
    }
}
