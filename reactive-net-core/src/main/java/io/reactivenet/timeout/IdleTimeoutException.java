package io.reactivenet.timeout;

import io.reactivenet.NetException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Idle timeout: no bytes moved in either direction within {@link #timeout()}. Code {@code ETIMEDOUT}; the message names the peer and the duration. */
public class IdleTimeoutException extends NetTimeoutException {

    public IdleTimeoutException(Duration timeout, @Nullable String remote) {
        this(timeout, remote, null);
    }

    public IdleTimeoutException(Duration timeout, @Nullable String remote, @Nullable Throwable cause) {
        super(NetException.ETIMEDOUT, "idle timeout: no bytes moved in either direction within " + timeout.toMillis() + " ms"
                + (remote == null ? "" : " (" + remote + ")"), timeout, remote, cause);
    }
}
