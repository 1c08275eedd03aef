package io.reactivenet.internal.connect;

import io.netty.channel.Channel;
import io.reactivenet.NetLoops;
import io.reactivenet.internal.Connector;
import io.reactivenet.internal.socket.SocketImpl;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Attempts as Reactor Netty TCP connects ({@link Connector#attempt}) on one loop lease, for the
 * {@link Race}. The lease is given back when the race is over and the last attempt's channel has
 * closed (for the winner: when its socket closes).
 *
 * <p>Threading: {@link #dial}, {@link #won}, {@link #discard} and {@link #raceOver} come from the
 * race's actor; channel callbacks from the channels' loops.
 */
public final class TcpDialer implements Dialer<SocketImpl> {

    /**
     * How long after a channel's close its local port is taken to be free: the JDK closes a NIO
     * socket registered with a selector at its loop's next select, which a task scheduled this far
     * out on that loop follows.
     */
    private static final long SELECT_GRACE_MILLIS = 5;

    private final ConnectPlan plan;
    private final NetLoops.Lease lease;
    /** The race holds one; every attempt holds one until its channel is closed. */
    private final AtomicInteger holders = new AtomicInteger(1);

    public TcpDialer(ConnectPlan plan, NetLoops.Lease lease) {
        this.plan = plan;
        this.lease = lease;
    }

    @Override
    public Attempt<SocketImpl> dial(InetSocketAddress target) {
        holders.incrementAndGet();
        TcpAttempt attempt = new TcpAttempt();
        Mono<SocketImpl> connect = Connector.attempt(target, plan.local(), lease.loops(), plan.options(),
                        attempt::onChannel)
                // A failed or cancelled attempt's channel is closed and its hold given back; after
                // the cancel reached Reactor Netty, so that it does not see (and drop) the close as
                // a connect error.
                .doFinally(signal -> {
                    if (signal != SignalType.ON_COMPLETE) {
                        attempt.close();
                    }
                });
        return new Attempt<>(connect, Mono.defer(attempt::freed));
    }

    @Override
    public void won(SocketImpl winner, List<String> attempted) {
        winner.attemptedAddresses(attempted);
        Connector.ready(winner, false, plan.options().socket());
    }

    @Override
    public void discard(SocketImpl connection) {
        connection.destroy();
    }

    @Override
    public void raceOver() {
        release();
    }

    private void release() {
        if (holders.decrementAndGet() == 0) {
            lease.dispose();
        }
    }

    /** One attempt's channel, from its init on. */
    private final class TcpAttempt {
        private volatile @Nullable Channel channel;
        private volatile boolean closed;
        private final AtomicBoolean released = new AtomicBoolean();

        /** Channel init, on the channel's loop, before the SYN. */
        void onChannel(Channel ch) {
            channel = ch;
            ch.closeFuture().addListener(f -> releaseOnce());
            if (closed) {
                // Closed before the channel existed: it must not connect. (Both sides write their
                // volatile before reading the other's, so one of them sees the other.)
                ch.close();
            }
        }

        /** Closes the channel, or gives the hold back now when there is none yet. Idempotent. */
        void close() {
            closed = true;
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            } else {
                releaseOnce();
            }
        }

        /** Completes once the closed attempt's local port can be bound again. */
        Mono<Void> freed() {
            Channel ch = channel;
            if (ch == null) {
                return Mono.empty();
            }
            return Mono.create(sink -> ch.closeFuture().addListener(f -> {
                try {
                    ch.eventLoop().schedule(() -> sink.success(), SELECT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    sink.success();
                }
            }));
        }

        private void releaseOnce() {
            if (released.compareAndSet(false, true)) {
                release();
            }
        }
    }
}
