package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.reactivenet.Transport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The loop resources behind a {@link io.reactivenet.NetLoops}: Reactor Netty's NIO loops, plus epoll
 * and io_uring loops of our own, each group created on first use.
 *
 * <p><b>Why our own native loops.</b> Epoll loops run {@link EpollRegistrations} (Netty 4.2.17's
 * epoll handler with its lost-registration repair). And Reactor Netty's own resources hold one
 * native transport only (io_uring whenever its classes are present and the kernel allows it), while
 * one group of ours offers both (see below). Channels are created by Reactor Netty as for its own
 * groups: it asks a group which handles it accepts (its Java 11+ {@code DefaultLoopIOUring} runs
 * Netty 4.2's {@code io.netty.channel.uring}).
 *
 * <p><b>Which native transport.</b> Reactor Netty asks for loops with one boolean,
 * {@code useNative}. These resources answer it with their {@code nativeTransport} (EPOLL or
 * IO_URING, fixed at creation); {@link #view(Transport)} gives the same groups answering with another
 * one, so a Unix socket may run EPOLL on loops whose TCP runs IO_URING.
 *
 * <p>Same shape as {@code LoopResources.create(prefix, 1, threads, daemon, false)} per transport:
 * {@code threads} worker loops serve servers' children and clients, one more loop accepts. Owns every
 * group and the NIO resources: disposing this disposes them all (a view owns nothing). Thread-safe.
 */
public final class NativeLoops implements LoopResources {

    private final Groups groups;
    private final Transport nativeTransport;
    private final boolean owner;

    private NativeLoops(Groups groups, Transport nativeTransport, boolean owner) {
        this.groups = groups;
        this.nativeTransport = nativeTransport;
        this.owner = owner;
    }

    /**
     * {@code nio} with native loops of {@code threads} threads named {@code prefix-epoll-…} or
     * {@code prefix-io_uring-…} beside it; {@code useNative} asks for {@code nativeTransport} (EPOLL or
     * IO_URING; anything else means EPOLL); {@code daemon} as given to {@code LoopResources.create}
     * for {@code nio} (which does not tell).
     */
    public static NativeLoops wrap(LoopResources nio, String prefix, int threads, boolean daemon,
            Transport nativeTransport) {
        return new NativeLoops(new Groups(nio, prefix, threads, daemon), nativeOf(nativeTransport), true);
    }

    /**
     * {@code loops} answering {@code useNative} with {@code transport} (when it is EPOLL or IO_URING;
     * else {@code loops} itself). Not an owner: disposing the view disposes nothing. Loop resources
     * that are not ours are returned unchanged.
     */
    public static LoopResources view(LoopResources loops, Transport transport) {
        if (!(loops instanceof NativeLoops n) || (transport != Transport.EPOLL && transport != Transport.IO_URING)
                || transport == n.nativeTransport) {
            return loops;
        }
        return new NativeLoops(n.groups, transport, false);
    }

    private static Transport nativeOf(Transport transport) {
        return transport == Transport.IO_URING ? Transport.IO_URING : Transport.EPOLL;
    }

    private @Nullable EventLoopGroup nativeGroup(boolean useNative, boolean accept) {
        if (!useNative || !nativeTransport.isAvailable()) {
            return null;
        }
        return groups.group(nativeTransport, accept);
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        EventLoopGroup g = nativeGroup(useNative, false);
        return g != null ? g : groups.nio(() -> groups.nio.onServer(false));
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        EventLoopGroup g = nativeGroup(useNative, false);
        return g != null ? g : groups.nio(() -> groups.nio.onClient(false));
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
        EventLoopGroup g = nativeGroup(useNative, true);
        return g != null ? g : groups.nio(() -> groups.nio.onServerSelect(false));
    }

    @Override
    public <CHANNEL extends Channel> CHANNEL onChannel(Class<CHANNEL> channelType, EventLoopGroup group) {
        return groups.nio.onChannel(channelType, group);
    }

    @Override
    public <CHANNEL extends Channel> Class<? extends CHANNEL> onChannelClass(Class<CHANNEL> channelType,
            EventLoopGroup group) {
        return groups.nio.onChannelClass(channelType, group);
    }

    @Override
    public boolean daemon() {
        return groups.daemon;
    }

    @Override
    public boolean isDisposed() {
        return groups.disposed;
    }

    @Override
    public void dispose() {
        if (owner) {
            disposeLater().subscribe();
        }
    }

    @Override
    public Mono<Void> disposeLater() {
        return disposeLater(Duration.ofSeconds(LoopResources.DEFAULT_SHUTDOWN_QUIET_PERIOD),
                Duration.ofSeconds(LoopResources.DEFAULT_SHUTDOWN_TIMEOUT));
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return owner ? groups.disposeLater(quietPeriod, timeout) : Mono.empty();
    }

    /** The groups shared by the owner and its views: NIO resources and up to four native groups. */
    private static final class Groups {
        final LoopResources nio;
        final String prefix;
        final int threads;
        final boolean daemon;
        // Written once under the lock; read without it at disposal.
        private volatile @Nullable EventLoopGroup epollWorkers;
        private volatile @Nullable EventLoopGroup epollAcceptor;
        private volatile @Nullable EventLoopGroup uringWorkers;
        private volatile @Nullable EventLoopGroup uringAcceptor;
        volatile boolean disposed;

        Groups(LoopResources nio, String prefix, int threads, boolean daemon) {
            this.nio = nio;
            this.prefix = prefix;
            this.threads = threads;
            this.daemon = daemon;
        }

        /**
         * Reactor Netty creates its NIO groups lazily, even after disposeLater, which shuts down only
         * the groups created by then: a bind or connect still starting when its cancel gave the last
         * use of the default loops back created a select group nobody would ever shut down (a live
         * select thread and its selector). Creating under this lock, never after the dispose, closes
         * that gap: a late bind or connect fails instead, and its cancelled subscriber drops that.
         */
        synchronized EventLoopGroup nio(java.util.function.Supplier<EventLoopGroup> group) {
            if (disposed) {
                throw new IllegalStateException("loop resources " + prefix + " are disposed");
            }
            return group.get();
        }

        synchronized EventLoopGroup group(Transport transport, boolean accept) {
            if (disposed) {
                throw new IllegalStateException("loop resources " + prefix + " are disposed");
            }
            EventLoopGroup g;
            if (transport == Transport.IO_URING) {
                g = accept ? uringAcceptor : uringWorkers;
                if (g == null) {
                    g = create(accept, "io_uring", IoUringSupport.newFactory());
                    if (accept) {
                        uringAcceptor = g;
                    } else {
                        uringWorkers = g;
                    }
                }
            } else {
                g = accept ? epollAcceptor : epollWorkers;
                if (g == null) {
                    g = create(accept, "epoll", EpollRegistrations.newFactory());
                    if (accept) {
                        epollAcceptor = g;
                    } else {
                        epollWorkers = g;
                    }
                }
            }
            return g;
        }

        private EventLoopGroup create(boolean accept, String kind, IoHandlerFactory factory) {
            String name = prefix + "-" + kind + (accept ? "-select" : "");
            return new MultiThreadIoEventLoopGroup(accept ? 1 : threads, new DefaultThreadFactory(name, daemon), factory);
        }

        Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
            return Mono.defer(() -> {
                synchronized (this) {
                    disposed = true;
                }
                // No group is created once disposed is set: these reads see every group there is.
                return Mono.when(nio.disposeLater(quietPeriod, timeout),
                        shutdown(epollAcceptor, quietPeriod, timeout), shutdown(epollWorkers, quietPeriod, timeout),
                        shutdown(uringAcceptor, quietPeriod, timeout), shutdown(uringWorkers, quietPeriod, timeout));
            });
        }
    }

    private static Mono<Void> shutdown(@Nullable EventLoopGroup group, Duration quietPeriod, Duration timeout) {
        if (group == null) {
            return Mono.empty();
        }
        return Mono.create(sink -> group
                .shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS)
                .addListener(f -> {
                    if (f.isSuccess()) {
                        sink.success();
                    } else {
                        sink.error(f.cause());
                    }
                }));
    }
}
