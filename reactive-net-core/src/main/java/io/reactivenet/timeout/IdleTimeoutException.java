package io.reactivenet.timeout;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Idle timeout: no bytes moved in either direction within {@link #timeout()}. Code {@code ETIMEDOUT}; the message names the peer and the duration. */
public class IdleTimeoutException extends NetTimeoutException {

    public IdleTimeoutException(Duration timeout, @Nullable String remote) {
        this(timeout, remote, null);
    }

    public IdleTimeoutException(Duration timeout, @Nullable String remote, @Nullable Throwable cause) {
        super("idle timeout: no bytes moved in either direction", timeout, remote, cause);
    }
}
