package io.reactivenet.framing;

import java.nio.ByteBuffer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * A two-way framing codec: a {@link #decoder()} that turns a byte stream into frames and an {@link
 * #encoder()} that turns frames back into bytes, so that decoding an encoded stream gives back the
 * frames. Codecs are immutable values; their decoders and encoders may be applied to any number of
 * streams, and every subscription gets its own decoding state.
 *
 * <p>Node counterpart: none built in. A Node user keeps a {@code Buffer} in the {@code 'data'}
 * handler, appends each chunk, cuts frames out of it in a loop, and prepends lengths or appends
 * delimiters by hand before {@code socket.write}.
 *
 * <p><b>Decoders.</b> Each unit of downstream demand yields at most one frame; upstream is asked for
 * one chunk at a time, and only when the chunks received so far hold no further frame, so a slow
 * subscriber holds back the socket (and through TCP, the peer). A decoder owns the chunks it
 * receives: a frame that lies inside one chunk is emitted as a slice of it (no copy), a frame that
 * spans chunks is copied once into a new buffer. Either way the subscriber owns what it receives.
 * A decoder holds at most the bytes of one frame (bounded by the maximum frame length) plus the
 * chunk being read; the pending bytes of a frame are kept as slices, which keep the chunk the frame
 * began in reachable until the frame is complete. On
 * cancel or error the held bytes are dropped (they are heap buffers: there is nothing to release;
 * the unread chunk goes to Reactor's discard hook). Every complete frame before an error is
 * delivered first.
 *
 * <p><b>Encoders.</b> One output buffer per frame (the frame is copied with its header or
 * delimiter); demand passes through one to one.
 */
public interface FrameCodec {

    /** The decoder: use with {@code bytes.transform(codec.decoder())}. */
    Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder();

    /** The encoder: use with {@code frames.transform(codec.encoder())} or {@code codec.encoder().apply(p)}. */
    Function<Publisher<ByteBuffer>, Flux<ByteBuffer>> encoder();

    /** The maximum frame length this codec decodes and encodes. */
    int maxLength();
}
