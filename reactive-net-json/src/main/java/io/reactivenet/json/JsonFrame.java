package io.reactivenet.json;

import java.util.Objects;

/**
 * One decoded message: either a {@link Value} or, for bytes that are not a JSON value of the
 * expected type, a {@link Malformed} element that stands in its place, so that one bad message
 * neither ends the stream nor shifts the ones after it.
 *
 * <p>Node counterpart: the {@code try { JSON.parse(line) } catch (err) { ... }} of a Node
 * {@code 'data'} handler, as a value.
 *
 * <p>Immutable values; safe to hand to any thread.
 *
 * @param <T> the type of decoded values
 */
public sealed interface JsonFrame<T> permits JsonFrame.Value, JsonFrame.Malformed {

    /** The 0-based ordinal of this message among the messages of its stream (dropped oversized ones not counted). */
    long index();

    /**
     * A decoded value.
     *
     * @param value the value; never null (a JSON {@code null} decoded into a tree is a {@code NullNode})
     * @param index the 0-based ordinal of the message in its stream
     */
    record Value<T>(T value, long index) implements JsonFrame<T> {
        public Value {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A message that did not decode: not JSON, more than one JSON value, or JSON that does not fit
     * the target type.
     *
     * @param index the 0-based ordinal of the message in its stream
     * @param offset the byte offset of the message's first byte in its stream (after its length
     *     header, for length-prefixed JSON), counting every byte the decoder received, dropped
     *     oversized messages included; -1 when unknown (a type mismatch found by {@link JsonChannel})
     * @param length the length of the message in bytes (without its framing)
     * @param errorOffset the byte offset inside the message where Jackson stopped, or -1 when unknown
     * @param raw the start of the message as text (UTF-8, malformed sequences replaced), at most
     *     {@link JsonCodec#rawPreview()} bytes of it, cut at a character boundary
     * @param truncated whether {@code raw} holds less than the whole message
     * @param error Jackson's message, without the location and source excerpt it appends
     */
    record Malformed<T>(long index, long offset, int length, long errorOffset, String raw, boolean truncated, String error)
            implements JsonFrame<T> {
        public Malformed {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(error, "error");
        }

        /** The same malformed message, typed for another stream element type. */
        @SuppressWarnings("unchecked")
        public <U> Malformed<U> cast() {
            return (Malformed<U>) this;
        }
    }
}
