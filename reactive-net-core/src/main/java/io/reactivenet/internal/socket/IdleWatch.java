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
 * field read. The sink of {@code 'timeout'} events is made when someone first asks for them: most
 * connections never do, and an idle connection should not carry one.
 */
final class IdleWatch {

    private final SocketImpl socket;
    /** Made on the first {@link #timeouts()}; guarded by {@code this} with {@link #closed}. */
    private volatile Sinks.@Nullable Many<Duration> timeouts;
    private boolean closed;
    private @Nullable IdleTimer timer;

    IdleWatch(SocketImpl socket) {
        this.socket = socket;
    }

    Flux<Duration> timeouts() {
        Sinks.Many<Duration> sink = timeouts;
        if (sink == null) {
            synchronized (this) {
                sink = timeouts;
                if (sink == null) {
                    sink = Sinks.many().multicast().directBestEffort();
                    if (closed) {
                        sink.tryEmitComplete();
                    }
                    timeouts = sink;
                }
            }
        }
        return sink.asFlux();
    }

    private void emit(Duration timeout) {
        Sinks.Many<Duration> sink = timeouts;
        if (sink != null) { // nobody asked: nobody listens
            sink.tryEmitNext(timeout);
        }
    }

    /** Replaces the current timeout; zero (or a closed channel) leaves none. Event loop only. */
    void set(Duration timeout, boolean open) {
        IdleTimer old = timer;
        if (old != null) {
            old.dispose();
            timer = null;
        }
        if (!timeout.isZero() && open) {
            timer = new IdleTimer(timeout, socket.scheduler(), () -> emit(timeout));
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
        Sinks.Many<Duration> sink;
        synchronized (this) {
            closed = true;
            sink = timeouts;
        }
        if (sink != null) {
            sink.tryEmitComplete();
        }
    }
}
