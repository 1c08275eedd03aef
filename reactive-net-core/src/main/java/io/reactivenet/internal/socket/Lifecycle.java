package io.reactivenet.internal.socket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.reactivenet.CloseEvent;
import io.reactivenet.NetException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * How a socket ends: Node's close rules (both sides ended closes it; {@code allowHalfOpen=false}
 * ends our side when the peer's ends), {@code destroy}, {@code destroySoon}, {@code resetAndDestroy},
 * the error the close reports, and {@code 'close'} itself once the channel is closed.
 *
 * <p>Threading: the public operations may be called from any thread and hop onto the event loop;
 * {@link #onChannelClosed()} runs where Netty completes the close future (the loop).
 */
final class Lifecycle {

    private final SocketImpl socket;
    private final Channel channel;
    private final boolean allowHalfOpen;
    private final long endGraceNanos;
    private final Sinks.One<CloseEvent> closed = Sinks.one();

    private volatile boolean destroyed;
    /** The first error that ended the socket; {@code 'close'} reports {@code hadError} with it. */
    private volatile @Nullable Throwable closeError;
    /** Event loop only: inside {@link #deliverPeerEnd}, where the close rule waits (see there). */
    private boolean deliveringPeerEnd;

    Lifecycle(SocketImpl socket, Channel channel, boolean allowHalfOpen, long endGraceNanos) {
        this.socket = socket;
        this.channel = channel;
        this.allowHalfOpen = allowHalfOpen;
        this.endGraceNanos = endGraceNanos;
    }

    boolean destroyed() {
        return destroyed || !channel.isOpen();
    }

    Mono<CloseEvent> onClose() {
        return closed.asMono();
    }

    void destroy() {
        destroyed = true;
        channel.close();
    }

    void destroy(Throwable error) {
        Objects.requireNonNull(error, "error");
        socket.onLoop(() -> {
            destroyed = true;
            terminate(error, true);
        });
    }

    /**
     * Ends the socket with {@code error}: the inbound subscriber gets it (after the bytes already
     * queued, unless {@code dropQueued}), and {@code onClose()} reports it. Event loop only.
     */
    void terminate(Throwable error, boolean dropQueued) {
        if (closeError == null) {
            closeError = error;
        }
        socket.inbound.fail(error, dropQueued);
        channel.close();
    }

    void destroySoon() {
        socket.onLoop(() -> {
            if (!channel.isActive()) {
                return;
            }
            // Nobody reads: drop what comes so the peer's FIN is seen, and a full receive queue
            // does not turn our close into a RST.
            socket.inbound.discardIfUnread();
            socket.outbound.end().subscribe(null, e -> channel.close());
            if (!socket.inbound.peerEnded()) {
                channel.eventLoop().schedule(() -> {
                    channel.close();
                }, endGraceNanos, TimeUnit.NANOSECONDS);
            }
            closeIfBothEnded();
            socket.inbound.maybeRead();
        });
    }

    void resetAndDestroy() {
        if (Transports.isDomain(channel)) {
            // As Node: a pipe has no RST.
            throw new NetException("ERR_INVALID_HANDLE_TYPE", "resetAndDestroy() needs a TCP socket; " + socket
                    + " is a Unix domain socket");
        }
        socket.onLoop(() -> {
            destroyed = true;
            if (channel.isActive()) {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            io.reactivenet.internal.tls.Tls.closeBelowTls(channel); // a RST, not close_notify then RST
        });
    }

    /** The peer's FIN was dropped (nobody reads): Node's allowHalfOpen=false auto-end, then the close rule. */
    void afterPeerEnd() {
        autoEnd();
        closeIfBothEnded();
    }

    /** Node's {@code allowHalfOpen=false}: the peer ended, so we end too. */
    void autoEnd() {
        if (!allowHalfOpen) {
            socket.outbound.end().subscribe(null, e -> { });
        }
    }

    /**
     * The peer's FIN reaches the inbound subscriber: as in Node, the automatic {@code end()} runs
     * first, then {@code complete} (the user's {@code 'end'}), then the close rule. The auto-end's
     * FIN can go out within this call (the flush and the shutdown complete at once when the socket
     * buffer has room); closing the channel right then would fail a {@code send(inbound())} that is
     * about to see its upstream complete, with every byte written. So the close waits for
     * {@code complete}: Node closes only on a later tick, after {@code 'end'}, too. Event loop only.
     */
    void deliverPeerEnd(Runnable complete) {
        deliveringPeerEnd = true;
        try {
            autoEnd();
            complete.run();
        } finally {
            deliveringPeerEnd = false;
            closeIfBothEnded();
        }
    }

    /** Both FINs went through: nothing more can move, close. Event loop only. */
    void closeIfBothEnded() {
        if (!deliveringPeerEnd && socket.inbound.peerEnded() && socket.outbound.finSent()) {
            channel.close();
        }
    }

    /** The channel closed, for whatever reason: fail what is pending, then Node's {@code 'close'}. */
    void onChannelClosed() {
        destroyed = true;
        socket.inbound.onChannelClosed();
        socket.outbound.onChannelClosed();
        Throwable e = closeError;
        closed.tryEmitValue(new CloseEvent(e != null, e));
        socket.idle.onChannelClosed();
    }
}
