package io.reactivenet.json;

import io.reactivenet.NetException;
import io.reactivenet.timeout.NetTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * No response with the request's id arrived within the request timeout of {@link
 * JsonChannel#request}; code {@code ETIMEDOUT}. The message names the id field, its value, the
 * timeout and the peer. The pending entry is removed before this is signalled: a late response is
 * treated as unsolicited.
 *
 * <p>Node counterpart: none; Node code arms a {@code setTimeout} per pending request id by hand.
 */
public final class RequestTimeoutException extends NetTimeoutException {

    private final String idField;
    private final String id;

    public RequestTimeoutException(String idField, String id, Duration timeout, @Nullable String remote) {
        super(NetException.ETIMEDOUT, "No response with " + idField + "=" + id + " within " + timeout.toMillis()
                + " ms" + (remote == null ? "" : " (" + remote + ")"), timeout, remote, null);
        this.idField = idField;
        this.id = id;
    }

    /** The name of the correlation id field, e.g. {@code "queryId"}. */
    public String idField() {
        return idField;
    }

    /** The request's id, as JSON text (e.g. {@code 42} or {@code "a-1"}). */
    public String id() {
        return id;
    }
}
