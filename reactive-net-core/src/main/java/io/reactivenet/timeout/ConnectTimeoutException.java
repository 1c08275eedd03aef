package io.reactivenet.timeout;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Connect timeout: the connection was not established within {@link #timeout()}. Code {@code ETIMEDOUT}; the message names the peer and the duration. */
public class ConnectTimeoutException extends NetTimeoutException {

    public ConnectTimeoutException(Duration timeout, @Nullable String remote) {
        this(timeout, remote, null);
    }

    public ConnectTimeoutException(Duration timeout, @Nullable String remote, @Nullable Throwable cause) {
        super("connect timeout: the connection was not established", timeout, remote, cause);
    }
}
