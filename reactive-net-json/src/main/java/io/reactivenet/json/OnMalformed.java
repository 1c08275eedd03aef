package io.reactivenet.json;

/**
 * What a value decoder ({@link JsonCodec#decoder()}) does with a message that does not decode.
 * The third choice, keeping it as an element, is {@link JsonCodec#frames()}.
 *
 * <p>Node counterpart: the {@code catch} block around {@code JSON.parse}.
 */
public enum OnMalformed {
    /**
     * The default: drop the message, report it to the codec's malformed listener, and go on with
     * the next one. Nothing after it is lost.
     */
    SKIP,
    /**
     * End the stream with a {@link MalformedJsonException} that carries the {@link
     * JsonFrame.Malformed} description. Every message before it has been delivered.
     */
    FAIL
}
