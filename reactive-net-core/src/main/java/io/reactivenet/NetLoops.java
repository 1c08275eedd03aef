package io.reactivenet;

import java.time.Duration;
import java.util.Objects;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The event loops that run servers and sockets, passed explicitly.
 *
 * <p>Node counterpart: none; Node has one loop per process. Reactor Netty picks a hidden global
 * group of {@code max(cores, 4)} loops; we do not: a server or socket uses the loops in its options,
 * or, when none are given, a default group of {@link #DEFAULT_THREADS} loops that exists only while
 * something uses it (the last server or socket to close releases it). Measured on a 2-core machine,
 * one loop per core gave a p99 several times lower than four loops at 100 request/response
 * connections with no loss of throughput.
 *
 * <p>Threads are daemon threads; whether an open server keeps the JVM alive is decided by
 * {@link ListeningServer#ref()}/{@link ListeningServer#unref()}, not by the loops. Thread-safe.
 */
public final class NetLoops implements Disposable {

    /** One loop per available processor. */
    public static final int DEFAULT_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private static final Object DEFAULT_LOCK = new Object();
    private static NetLoops shared;
    private static int sharedUsers;

    private final LoopResources resources;
    private final boolean preferNative;
    private final int threads;

    private NetLoops(LoopResources resources, int threads, boolean preferNative) {
        this.resources = resources;
        this.threads = threads;
        this.preferNative = preferNative;
    }

    /**
     * Whether loops use Netty's native transport (epoll) by default: false. Netty 4.2.17 and 4.2.18
     * epoll loses queued writes on a socket whose input was shut down (the peer's FIN under
     * allowHalfOpen) once the fd leaves the epoll set and a later write needs EPOLLOUT:
     * {@code epoll_ctl(MOD) ENOENT} shuts the output down (a regression of netty#16689). An echo of
     * 16 MiB to a peer that ends after writing lost bytes in 4 of 10 runs; NIO lost none.
     * {@code HalfCloseUnderBackpressure*IT} guard this; {@code EpollHalfCloseBugIT} tells when Netty fixes it.
     */
    public static final boolean DEFAULT_PREFER_NATIVE = false;

    /** A new group of {@code threads} daemon loops named {@code prefix-…} on the default transport (NIO). */
    public static NetLoops create(String prefix, int threads) {
        return create(prefix, threads, DEFAULT_PREFER_NATIVE);
    }

    /**
     * A new group of {@code threads} daemon loops; {@code preferNative=true} uses epoll where
     * available (see {@link #DEFAULT_PREFER_NATIVE} for why that is not the default).
     */
    public static NetLoops create(String prefix, int threads, boolean preferNative) {
        Objects.requireNonNull(prefix, "prefix");
        if (threads < 1) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"threads\" is out of range. It must be >= 1. Received " + threads);
        }
        return new NetLoops(LoopResources.create(prefix, 1, threads, true, false), threads, preferNative);
    }

    /** The number of loops. */
    public int threads() {
        return threads;
    }

    /** Whether sockets on these loops use the native transport (epoll) when it is available. */
    public boolean preferNative() {
        return preferNative;
    }

    /** The Reactor Netty resources behind these loops, for mixing with raw Reactor Netty code. */
    public LoopResources resources() {
        return resources;
    }

    /** Shuts the loops down; servers and sockets still on them are closed. */
    @Override
    public void dispose() {
        resources.dispose();
    }

    /** Shuts the loops down, completing when their threads stopped. */
    public Mono<Void> disposeLater() {
        // A short quiet period lets a closed channel's last listener notifications run.
        return resources.disposeLater(Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    @Override
    public boolean isDisposed() {
        return resources.isDisposed();
    }

    /** Takes a use of the default group, creating it if needed; pair with {@link #releaseDefault()}. */
    static NetLoops acquireDefault() {
        synchronized (DEFAULT_LOCK) {
            if (shared == null) {
                shared = create("reactive-net", DEFAULT_THREADS, DEFAULT_PREFER_NATIVE);
            }
            sharedUsers++;
            return shared;
        }
    }

    /** Gives back a use of the default group; the last one shuts it down. */
    static void releaseDefault() {
        NetLoops toClose = null;
        synchronized (DEFAULT_LOCK) {
            if (sharedUsers > 0 && --sharedUsers == 0) {
                toClose = shared;
                shared = null;
            }
        }
        if (toClose != null) {
            toClose.disposeLater().subscribe();
        }
    }

    /** Internal bridge so {@code io.reactivenet.internal} can lease loops. */
    public static final class Lease implements Disposable {
        private final NetLoops loops;
        private final boolean isDefault;
        // Released from whichever thread ends the user (a cancel, an error, a close): once only.
        private final java.util.concurrent.atomic.AtomicBoolean released =
                new java.util.concurrent.atomic.AtomicBoolean();

        private Lease(NetLoops loops, boolean isDefault) {
            this.loops = loops;
            this.isDefault = isDefault;
        }

        /** The loops given, or a use of the default group when {@code given} is null. */
        public static Lease of(@org.jspecify.annotations.Nullable NetLoops given) {
            return given != null ? new Lease(given, false) : new Lease(acquireDefault(), true);
        }

        public NetLoops loops() {
            return loops;
        }

        @Override
        public void dispose() {
            if (released.compareAndSet(false, true) && isDefault) {
                releaseDefault();
            }
        }

        @Override
        public boolean isDisposed() {
            return released.get();
        }
    }

}
