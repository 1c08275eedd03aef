package io.reactivenet.timeout;

import io.reactivenet.NetException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The family of timeout failures: connect, idle, read and write timeouts, all with code
 * {@code ETIMEDOUT} (a connect timeout bounds the whole sequence: lookup and every Happy Eyeballs
 * attempt).
 *
 * <p>Node counterpart: Node signals idle time with a {@code 'timeout'} event and leaves the rest
 * to the user; connect timeouts surface as {@code ETIMEDOUT} errors.
 */
public class NetTimeoutException extends NetException {

    private final Duration timeout;
    private final @Nullable String remote;

    public NetTimeoutException(String code, String message, Duration timeout, @Nullable String remote,
            @Nullable Throwable cause) {
        super(code, message, cause);
        this.timeout = timeout;
        this.remote = remote;
    }

    /**
     * For the four kinds: code {@code ETIMEDOUT} and the message "{@code what} within N ms", followed
     * by the peer in parentheses when known.
     */
    NetTimeoutException(String what, Duration timeout, @Nullable String remote, @Nullable Throwable cause) {
        this(NetException.ETIMEDOUT, what + " within " + timeout.toMillis() + " ms"
                + (remote == null ? "" : " (" + remote + ")"), timeout, remote, cause);
    }

    /** The configured timeout that ran out. */
    public Duration timeout() {
        return timeout;
    }

    /** The peer ("address:port" or socket path) when known, else null. */
    public @Nullable String remote() {
        return remote;
    }
}
