package io.reactivenet.json;

import io.reactivenet.NetException;

/**
 * A message that is not a JSON value of the expected type, in {@link OnMalformed#FAIL} mode; code
 * {@value #ERR_INVALID_JSON}. The message names the message index, the error offset and Jackson's
 * reason; {@link #malformed()} has the details and the start of the raw text.
 */
public final class MalformedJsonException extends NetException {

    /** The code of every {@code MalformedJsonException}. */
    public static final String ERR_INVALID_JSON = "ERR_INVALID_JSON";

    private final transient JsonFrame.Malformed<?> malformed;

    public MalformedJsonException(JsonFrame.Malformed<?> malformed) {
        super(ERR_INVALID_JSON, "Malformed JSON message #" + malformed.index()
                + (malformed.offset() >= 0 ? " at stream byte " + malformed.offset() : "") + " (" + malformed.length()
                + " bytes, error at byte " + malformed.errorOffset() + " of it): " + malformed.error());
        this.malformed = malformed;
    }

    /** The malformed message. */
    public JsonFrame.Malformed<?> malformed() {
        return malformed;
    }
}
