package io.reactivenet.internal.observation;

import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;

/**
 * What a server tells its observations: one per accepted connection, from the accept until it is
 * admitted or rejected (dropped by maxConnections, blocked by the BlockList), then its TLS
 * handshake. Free of Micrometer types in its use: servers hold {@link #NOOP} when no registry was
 * given.
 *
 * <p>Threading: called on the channels' event loops, concurrently for different channels.
 */
public interface ServerObserver {

    /** Observes nothing. */
    ServerObserver NOOP = new ServerObserver() {
    };

    /** The observer for {@code registry}, or {@link #NOOP} for null (then no Micrometer class is loaded). */
    static ServerObserver of(@Nullable ObservationRegistry registry, boolean domain) {
        return registry == null ? NOOP : new MicrometerServerObserver(registry, domain);
    }

    /** A connection was accepted; admission follows (at once, or after a PROXY header). */
    default void accepting(Channel channel) {
    }

    /** The connection got its socket (with TLS: its handshake is observed from here). */
    default void admitted(Channel channel) {
    }

    /** The connection was closed by maxConnections (Node's 'drop'). */
    default void dropped(Channel channel) {
    }

    /** The connection was closed by the BlockList. */
    default void blocked(Channel channel) {
    }
}
