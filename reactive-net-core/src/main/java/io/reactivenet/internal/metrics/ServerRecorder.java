package io.reactivenet.internal.metrics;

import io.netty.channel.Channel;
import io.reactivenet.NetSocket;
import io.reactivenet.metrics.NetMetrics;
import org.jspecify.annotations.Nullable;

/**
 * What a server tells its metrics: accepted, dropped and blocked connections, accept errors. The
 * per-connection byte counts come from a handler the recorder installs on each accepted channel.
 * Free of Micrometer types so that the server can hold one when Micrometer is absent.
 *
 * <p>Threading: called on event loops, concurrently for different channels.
 */
public interface ServerRecorder {

    /** Records nothing; used when no metrics are configured. */
    ServerRecorder NOOP = new ServerRecorder() {
    };

    /** The recorder for {@code metrics}, or {@link #NOOP} for null (then no Micrometer class is loaded). */
    static ServerRecorder of(@Nullable NetMetrics metrics, boolean domain) {
        return metrics == null ? NOOP : new MicrometerServerRecorder(metrics, domain);
    }

    /** A connection passed the limits and got its socket: count it, watch its bytes and its close. */
    default void accepted(Channel channel, NetSocket socket) {
    }

    /** A connection beyond maxConnections was closed at accept (Node's 'drop'). */
    default void dropped() {
    }

    /** A connection from a blocked peer was closed at accept. */
    default void blocked() {
    }

    /** Accepting failed with Node's {@code code} (EMFILE, ENFILE, ...). */
    default void acceptError(String code) {
    }
}
