package io.reactivenet.internal.socket;

import io.reactivenet.internal.timeout.IdleTimer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Node's {@code socket.setTimeout}: one {@link IdleTimer} (the same engine as the
 * {@code Timeouts} operators) on the socket's event loop, told of every read burst and every
 * completed write; {@code 'timeout'} events go to {@link #timeouts()}.
 *
 * <p>Threading: event loop only, except {@link #timeouts()}. With no timeout set, activity costs a
 * field read.
 */
final class IdleWatch {

    private final SocketImpl socket;
    private final Sinks.Many<Duration> timeouts = Sinks.many().multicast().directBestEffort();
    private @Nullable IdleTimer timer;

    IdleWatch(SocketImpl socket) {
        this.socket = socket;
    }

    Flux<Duration> timeouts() {
        return timeouts.asFlux();
    }

    /** Replaces the current timeout; zero (or a closed channel) leaves none. Event loop only. */
    void set(Duration timeout, boolean open) {
        IdleTimer old = timer;
        if (old != null) {
            old.dispose();
            timer = null;
        }
        if (!timeout.isZero() && open) {
            timer = new IdleTimer(timeout, socket.scheduler(), () -> timeouts.tryEmitNext(timeout));
        }
    }

    /** Bytes moved: the idle period starts again. Event loop only. */
    void activity() {
        IdleTimer t = timer;
        if (t != null) {
            t.activity();
        }
    }

    void onChannelClosed() {
        IdleTimer t = timer;
        if (t != null) {
            t.dispose();
            timer = null;
        }
        timeouts.tryEmitComplete();
    }
}
