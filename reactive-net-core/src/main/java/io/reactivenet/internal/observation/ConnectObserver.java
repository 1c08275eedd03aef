package io.reactivenet.internal.observation;

import io.micrometer.observation.ObservationRegistry;
import io.reactivenet.ConnectEvent;
import io.reactivenet.NetSocket;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * What one TCP connect tells its observations: the whole connect, the name lookup and each Happy
 * Eyeballs attempt (from the connect events), the TLS handshake. Free of Micrometer types in its
 * use, as the metrics recorders: callers hold a {@link #NOOP} when no registry was given.
 *
 * <p>Threading: the event listener runs on the resolver thread and the race's loop, one event at a
 * time; the other calls come from the connect's signals. Implementations are thread-safe.
 */
public interface ConnectObserver {

    /** Observes nothing. */
    ConnectObserver NOOP = new ConnectObserver() {
    };

    /**
     * The observer for a connect to {@code host:port} in {@code registry}, or {@link #NOOP} for null
     * (then no Micrometer class is loaded). The parent is the observation in {@code context}, if any.
     */
    static ConnectObserver of(@Nullable ObservationRegistry registry, String host, int port, ContextView context) {
        return registry == null ? NOOP : new MicrometerConnectObserver(registry, host, port, context);
    }

    /** True unless this is {@link #NOOP}. */
    default boolean enabled() {
        return false;
    }

    /** A listener that observes the lookup and the attempts, then passes each event to {@code user}. */
    default @Nullable Consumer<? super ConnectEvent> listener(@Nullable Consumer<? super ConnectEvent> user) {
        return user;
    }

    /** The connect starts; with {@code lookup}, by looking the host up. */
    default void begin(boolean lookup) {
    }

    /** The race is won by {@code socket} (before its TLS handshake, if any). */
    default void won(NetSocket socket) {
    }

    /** {@code connect} with its end (success, failure, cancel) observed. */
    default Mono<NetSocket> observe(Mono<NetSocket> connect) {
        return connect;
    }
}
