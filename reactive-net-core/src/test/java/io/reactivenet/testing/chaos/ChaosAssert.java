package io.reactivenet.testing.chaos;

import io.reactivenet.NetException;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

/** Bounded waits and the allowed outcomes of a stream that went through a destructive fault. */
public final class ChaosAssert {

    /**
     * The errors a connection may end with after a {@link Cut}: the peer's RST (ECONNRESET), a write
     * after the peer closed (EPIPE), a write after our side ended because the peer ended first
     * (ERR_STREAM_WRITE_AFTER_END), or the socket closed under a pending operation (ERR_SOCKET_CLOSED).
     */
    public static final Set<String> CUT_ERRORS = Set.of(NetException.ECONNRESET, NetException.EPIPE,
            NetException.ERR_STREAM_WRITE_AFTER_END, NetException.ERR_SOCKET_CLOSED,
            // end() after the peer's RST: the FIN's shutdown(2) fails with ENOTCONN on native transports
            NetException.ENOTCONN);

    private ChaosAssert() {
    }

    /**
     * How {@code stream} ended (its completion or error signal), waiting at most {@code timeout};
     * an AssertionError that names the proxy's connections and mixes if it did not end (a hang).
     */
    public static <T> Signal<T> ending(Mono<T> stream, Duration timeout, ChaosProxy proxy, String what) {
        Signal<T> end = stream.materialize().timeout(timeout, Mono.empty()).block();
        if (end == null) {
            throw new AssertionError("HANG: " + what + " did not end within " + timeout + "\n" + proxy.describe());
        }
        return end;
    }

    /** Whether {@code error} is a NetException whose code is one of {@code codes}. */
    public static boolean isNamed(@Nullable Throwable error, Set<String> codes) {
        return error instanceof NetException ne && codes.contains(ne.code());
    }

    /** A short description of a terminal signal for messages. */
    public static String describe(@Nullable Signal<?> end) {
        if (end == null) {
            return "none";
        }
        if (end.isOnError()) {
            Throwable e = end.getThrowable();
            return e instanceof NetException ne ? ne.code() + ": " + ne.getMessage() : String.valueOf(e);
        }
        return end.getType().toString();
    }
}
