package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Loop resources whose epoll loops run {@link EpollRegistrations} (Netty's epoll handler with its
 * lost-registration repair); NIO loops, and everything when epoll is unavailable, come from the
 * wrapped resources unchanged.
 *
 * <p>Same shape as {@code LoopResources.create(prefix, 1, threads, daemon, false)}: {@code threads}
 * worker loops serve servers' children and clients, one more loop accepts. Groups are created on
 * first use. Channel classes are chosen by Reactor Netty as for its own epoll groups (it asks the
 * group whether it is compatible with epoll handles). Owns its epoll groups and the wrapped
 * resources: disposing this disposes both. Thread-safe.
 */
public final class EpollLoops implements LoopResources {

    private final LoopResources nio;
    private final String prefix;
    private final int threads;
    private final boolean daemon;
    private @Nullable EventLoopGroup workers;
    private @Nullable EventLoopGroup acceptor;
    private volatile boolean disposed;

    private EpollLoops(LoopResources nio, String prefix, int threads, boolean daemon) {
        this.nio = nio;
        this.prefix = prefix;
        this.threads = threads;
        this.daemon = daemon;
    }

    /**
     * {@code nio} with epoll loops of {@code threads} threads named {@code prefix-epoll-…} in front;
     * {@code daemon} as given to {@code LoopResources.create} for {@code nio} (which does not tell).
     */
    public static LoopResources wrap(LoopResources nio, String prefix, int threads, boolean daemon) {
        return nio instanceof EpollLoops ? nio : new EpollLoops(nio, prefix, threads, daemon);
    }

    private static boolean epoll(boolean useNative) {
        return useNative && Epoll.isAvailable();
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return epoll(useNative) ? workers() : nio(() -> nio.onServer(useNative));
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return epoll(useNative) ? workers() : nio(() -> nio.onClient(useNative));
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
        return epoll(useNative) ? acceptor() : nio(() -> nio.onServerSelect(useNative));
    }

    /**
     * Reactor Netty creates its NIO groups lazily, even after disposeLater, which shuts down only
     * the groups created by then: a bind or connect still starting when its cancel gave the last
     * use of the default loops back created a select group nobody would ever shut down (a live
     * select thread and its selector). Creating under this lock, never after the dispose, closes that gap.
     */
    private synchronized EventLoopGroup nio(java.util.function.Supplier<EventLoopGroup> group) {
        checkNotDisposed();
        return group.get();
    }

    private synchronized EventLoopGroup workers() {
        checkNotDisposed();
        if (workers == null) {
            workers = group(threads, prefix + "-epoll");
        }
        return workers;
    }

    private synchronized EventLoopGroup acceptor() {
        checkNotDisposed();
        if (acceptor == null) {
            acceptor = group(1, prefix + "-epoll-select");
        }
        return acceptor;
    }

    private EventLoopGroup group(int n, String name) {
        return new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory(name, daemon), EpollRegistrations.newFactory());
    }

    private void checkNotDisposed() {
        if (disposed) {
            throw new IllegalStateException("loop resources " + prefix + " are disposed");
        }
    }

    @Override
    public <CHANNEL extends Channel> CHANNEL onChannel(Class<CHANNEL> channelType, EventLoopGroup group) {
        return nio.onChannel(channelType, group);
    }

    @Override
    public <CHANNEL extends Channel> Class<? extends CHANNEL> onChannelClass(Class<CHANNEL> channelType,
            EventLoopGroup group) {
        return nio.onChannelClass(channelType, group);
    }

    @Override
    public boolean daemon() {
        return daemon;
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    @Override
    public void dispose() {
        disposeLater().subscribe();
    }

    @Override
    public Mono<Void> disposeLater() {
        return disposeLater(Duration.ofSeconds(LoopResources.DEFAULT_SHUTDOWN_QUIET_PERIOD),
                Duration.ofSeconds(LoopResources.DEFAULT_SHUTDOWN_TIMEOUT));
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return Mono.defer(() -> {
            EventLoopGroup w;
            EventLoopGroup a;
            synchronized (this) {
                disposed = true;
                w = workers;
                a = acceptor;
            }
            return Mono.when(shutdown(a, quietPeriod, timeout), shutdown(w, quietPeriod, timeout),
                    nio.disposeLater(quietPeriod, timeout));
        });
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
