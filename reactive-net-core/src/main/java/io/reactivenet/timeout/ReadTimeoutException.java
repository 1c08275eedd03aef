package io.reactivenet.timeout;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Read timeout: no bytes arrived while the reader was waiting within {@link #timeout()}. Code {@code ETIMEDOUT}; the message names the peer and the duration. */
public class ReadTimeoutException extends NetTimeoutException {

    public ReadTimeoutException(Duration timeout, @Nullable String remote) {
        this(timeout, remote, null);
    }

    public ReadTimeoutException(Duration timeout, @Nullable String remote, @Nullable Throwable cause) {
        super("read timeout: no bytes arrived while the reader was waiting", timeout, remote, cause);
    }
}
