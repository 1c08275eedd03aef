package io.reactivenet.json;

import io.reactivenet.framing.DroppedFrame;
import io.reactivenet.framing.Framing;
import io.reactivenet.framing.Oversized;
import io.reactivenet.framing.Truncation;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * How {@link JsonCodec} delimits JSON messages on the wire: one per line ({@link #NDJSON}) or
 * behind a length header ({@link #LENGTH_PREFIXED}). Either way the bytes are cut by a codec of the
 * core {@link Framing} package, so JSON carries no line splitter or length-field parser of its own.
 *
 * <p>Node counterpart: the two conventions Node programs write by hand, {@code JSON.stringify(x) +
 * '\n'} with a line splitter, or {@code buf.writeUInt32BE(json.length)} before the JSON.
 */
public enum JsonFraming {

    /** One JSON value per line, {@code '\n'}-terminated (a {@code '\r'} before it is dropped). */
    NDJSON(0, 1) {
        @Override
        Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder(int maxLength, Oversized oversized,
                Truncation truncation, Consumer<DroppedFrame> onDrop) {
            // The '\r' of a CRLF line stays in the frame, so that every line costs exactly its
            // length + 1 bytes and stream offsets stay exact; the message parser leaves it out.
            return Framing.lines(maxLength).withStripCarriageReturn(false).withOversized(oversized)
                    .withTruncation(truncation).withDropListener(onDrop).decoder();
        }
    },

    /** A 4-byte big-endian unsigned length, then that many bytes of JSON. */
    LENGTH_PREFIXED(4, 0) {
        @Override
        Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder(int maxLength, Oversized oversized,
                Truncation truncation, Consumer<DroppedFrame> onDrop) {
            // The core codec's maximum counts the 4-byte header; ours counts the JSON only.
            return Framing.lengthField(maxLength + headerBytes).withOversized(oversized)
                    .withTruncation(truncation).withDropListener(onDrop).decoder();
        }
    };

    /** Bytes of framing before each message. */
    final int headerBytes;
    /** Bytes of framing after each message. */
    final int trailerBytes;

    JsonFraming(int headerBytes, int trailerBytes) {
        this.headerBytes = headerBytes;
        this.trailerBytes = trailerBytes;
    }

    /** The framing decoder: bytes to one buffer per message, without the framing bytes. */
    abstract Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder(int maxLength, Oversized oversized,
            Truncation truncation, Consumer<DroppedFrame> onDrop);
}
