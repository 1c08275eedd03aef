package io.reactivenet.json.internal;

import io.reactivenet.framing.DroppedFrame;
import io.reactivenet.framing.Framing;
import io.reactivenet.framing.Oversized;
import io.reactivenet.framing.Truncation;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * The one place where the JSON codecs pick their framing operator from the core framing package,
 * so that JSON never carries a line splitter or length-field parser of its own.
 */
public final class JsonFraming {

    /** Bytes of framing around each NDJSON message: the '\n'. */
    public static final int LINE_OVERHEAD = 1;
    /** Bytes of framing before each length-prefixed message: the 4-byte header. */
    public static final int HEADER_OVERHEAD = 4;

    private JsonFraming() {
    }

    public static Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder(boolean lines, int maxLength,
            Oversized oversized, Truncation truncation, Consumer<DroppedFrame> onDrop) {
        if (lines) {
            // The '\r' of a CRLF line stays in the frame, so that every line costs exactly its
            // length + 1 bytes and stream offsets stay exact; FrameParser leaves it out.
            return Framing.lines(maxLength).withStripCarriageReturn(false).withOversized(oversized)
                    .withTruncation(truncation).withDropListener(onDrop).decoder();
        }
        // The core codec's maximum counts the 4-byte header; ours counts the JSON only.
        return Framing.lengthField(maxLength + 4).withOversized(oversized).withTruncation(truncation)
                .withDropListener(onDrop).decoder();
    }
}
