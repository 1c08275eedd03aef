package io.reactivenet.internal.metrics;

import io.netty.channel.Channel;
import io.reactivenet.ConnectEvent;
import io.reactivenet.NetSocket;
import io.reactivenet.metrics.NetMetrics;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What a client connect tells its metrics: the connect time and outcome, the name lookup time, the
 * Happy Eyeballs attempts, and (through a handler on each attempt's channel) the bytes. Free of
 * Micrometer types, as {@link ServerRecorder}.
 *
 * <p>Threading: called on event loops and resolver threads, one connect at a time per call chain.
 */
public interface ClientRecorder {

    /** Records nothing; used when no metrics are configured. */
    ClientRecorder NOOP = new ClientRecorder() {
    };

    /** The recorder for {@code metrics}, or {@link #NOOP} for null (then no Micrometer class is loaded). */
    static ClientRecorder of(@Nullable NetMetrics metrics, boolean domain) {
        return metrics == null ? NOOP : new MicrometerClientRecorder(metrics, domain);
    }

    /** True unless this is {@link #NOOP}. */
    default boolean enabled() {
        return false;
    }

    /** A channel for one connect attempt is being initialized: watch its bytes. */
    default void channelInit(Channel channel) {
    }

    /**
     * A listener of this connect's events (started at {@code startNanos}) that records the lookup
     * time and the attempt outcomes, then passes each event to {@code user}.
     */
    default @Nullable Consumer<? super ConnectEvent> listener(long startNanos,
            @Nullable Consumer<? super ConnectEvent> user) {
        return user;
    }

    /** The connect started at {@code startNanos} succeeded with {@code socket}. */
    default void connected(long startNanos, NetSocket socket) {
    }

    /** The connect started at {@code startNanos} failed with {@code error}. */
    default void failed(long startNanos, Throwable error) {
    }
}
