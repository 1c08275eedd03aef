package io.reactivenet.timeout;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Write timeout: a write did not reach the kernel within {@link #timeout()}. Code {@code ETIMEDOUT}; the message names the peer and the duration. */
public class WriteTimeoutException extends NetTimeoutException {

    public WriteTimeoutException(Duration timeout, @Nullable String remote) {
        this(timeout, remote, null);
    }

    public WriteTimeoutException(Duration timeout, @Nullable String remote, @Nullable Throwable cause) {
        super("write timeout: a write did not reach the kernel", timeout, remote, cause);
    }
}
