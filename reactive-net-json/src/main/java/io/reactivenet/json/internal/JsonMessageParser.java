package io.reactivenet.json.internal;

import io.reactivenet.json.JsonFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.NullNode;

/**
 * Parses one framed message into a {@link JsonFrame}: straight from the frame's backing array (no
 * copy for heap buffers, which is what the framing decoders emit), with trailing tokens rejected
 * so that {@code {"a":1} x} is malformed as it is for {@code JSON.parse}. Immutable, thread-safe.
 */
public final class JsonMessageParser<T> {

    private final ObjectReader reader;
    private final JavaType type;
    private final boolean tree;
    private final int rawPreview;

    public JsonMessageParser(ObjectMapper mapper, JavaType type, int rawPreview) {
        this.reader = mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.type = type;
        this.tree = JsonNode.class.isAssignableFrom(type.getRawClass());
        this.rawPreview = rawPreview;
    }

    /** Parses {@code frame} (from position to limit; the position is not moved); offset unknown. */
    public JsonFrame<T> parse(ByteBuffer frame, long index) {
        return parse(frame, index, -1);
    }

    /**
     * Parses {@code frame} (from position to limit; the position is not moved), the message at
     * stream byte {@code streamOffset}. One {@code '\r'} at its end is not part of the message: the
     * line decoder keeps it so that offsets stay exact (JSON treats it as whitespace anyway).
     */
    @SuppressWarnings("unchecked")
    public JsonFrame<T> parse(ByteBuffer frame, long index, long streamOffset) {
        byte[] array;
        int off;
        int len = frame.remaining();
        if (len > 0 && frame.get(frame.limit() - 1) == '\r') {
            len--;
        }
        if (frame.hasArray()) {
            array = frame.array();
            off = frame.arrayOffset() + frame.position();
        } else {
            array = new byte[len];
            frame.get(frame.position(), array, 0, len);
            off = 0;
        }
        int notUtf8 = notUtf8(array, off, len);
        if (notUtf8 >= 0) {
            return malformed(array, off, len, index, streamOffset, notUtf8,
                    "Not UTF-8 JSON: byte 0x" + Integer.toHexString(array[off + notUtf8] & 0xff) + " at " + notUtf8);
        }
        try {
            Object v = reader.readValue(array, off, len);
            if (v == null || (tree && ((JsonNode) v).isMissingNode())) {
                if (tree && v == null) {
                    return new JsonFrame.Value<>((T) NullNode.getInstance(), index);
                }
                return malformed(array, off, len, index, streamOffset, -1,
                        v == null ? "JSON null is not a value of " + type : "No JSON value");
            }
            return new JsonFrame.Value<>((T) v, index);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            // Jackson counts from the offset it was given, i.e. from the message's first byte (it
            // used to be taken for an index into the array, which put the error off by the
            // message's position in its chunk: found by JsonJazzerTest).
            long offset = at == null ? -1 : at.getByteOffset();
            String why = e.getOriginalMessage();
            return malformed(array, off, len, index, streamOffset, offset, why == null ? e.toString() : why);
        }
    }

    /**
     * Where a message shows that it is not UTF-8 in the way Jackson would take for another encoding,
     * or -1. JSON on the wire is UTF-8 (RFC 8259, and what {@code JSON.parse} of a UTF-8 decoded
     * line sees), but Jackson guesses the encoding of bytes: a UTF-16 byte order mark, or a NUL as
     * the first or second byte, makes it read UTF-16 or UTF-32 (and word its errors with offsets
     * into the whole chunk). No UTF-8 JSON text starts like that, so these are malformed here.
     * Found by JsonJazzerTest.
     */
    private static int notUtf8(byte[] a, int off, int len) {
        if (len >= 1 && (a[off] == 0 || a[off] == (byte) 0xFE || a[off] == (byte) 0xFF)) {
            return 0;
        }
        if (len >= 2 && a[off + 1] == 0) {
            return 1;
        }
        return -1;
    }

    /** {@code frame} (position to limit, not moved) as a malformed message for {@code why}, without parsing it. */
    public JsonFrame<T> malformed(ByteBuffer frame, long index, long streamOffset, String why) {
        byte[] array = new byte[frame.remaining()];
        frame.get(frame.position(), array, 0, array.length);
        return malformed(array, 0, array.length, index, streamOffset, -1, why);
    }

    private JsonFrame<T> malformed(byte[] array, int off, int len, long index, long streamOffset, long offset,
            String why) {
        int n = Math.min(len, rawPreview);
        if (n < len) {
            // Cut at a character boundary: back off over UTF-8 continuation bytes.
            while (n > 0 && (array[off + n] & 0xC0) == 0x80) {
                n--;
            }
        }
        String raw = new String(array, off, n, StandardCharsets.UTF_8);
        return new JsonFrame.Malformed<>(index, streamOffset, len, offset, raw, n < len, why);
    }
}
