package io.reactivenet.framing;

/**
 * Entry point to the framing codecs: lines, delimiters, length fields and fixed lengths. Every
 * factory returns an immutable {@link FrameCodec} whose {@code with…} methods return adjusted
 * copies; its {@code decoder()} and {@code encoder()} are used with {@code Flux.transform}.
 *
 * <p>Node counterpart: none; Node users frame by hand in their {@code 'data'} handlers (see {@link
 * FrameCodec}). Defaults everywhere: {@link Oversized#FAIL}, {@link Truncation#DISALLOW}.
 *
 * <pre>{@code
 * FrameCodec codec = Framing.lengthField(LengthFieldCodec.defaults().withFieldLength(2));
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
}
