package io.reactivenet;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.NativeLoops;
import io.reactivenet.internal.TransportSupport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
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
    private static @Nullable NetLoops shared;
    private static int sharedUsers;

    private final LoopResources resources;
    private final Transport transport;
    private final int threads;

    private NetLoops(LoopResources resources, int threads, Transport transport) {
        this.resources = resources;
        this.threads = threads;
        this.transport = transport;
    }

    /** A new group of {@code threads} daemon loops named {@code prefix-…} on {@link Transport#AUTO} (epoll, else NIO). */
    public static NetLoops create(String prefix, int threads) {
        return create(prefix, threads, Transport.AUTO);
    }

    /**
     * A new group of {@code threads} daemon loops named {@code prefix-…} whose TCP servers and
     * sockets run on {@code transport} ({@link Transport#AUTO}: epoll where it runs, else NIO). Throws
     * {@link NetException} {@code ERR_FEATURE_UNAVAILABLE_ON_PLATFORM}, naming Netty's reason, when
     * the transport cannot run here.
     */
    public static NetLoops create(String prefix, int threads, Transport transport) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(transport, "transport");
        Checks.atLeast("threads", threads, 1);
        Transport resolved = TransportSupport.requireAvailable(TransportSupport.resolveTcp(transport));
        // Native groups are ours (NativeLoops): epoll with the registration repair (Netty 4.2.17 drops
        // an fd from epoll once no event is of interest, then fails the next epoll_ctl(MOD) with ENOENT
        // and shuts the output down), and both native kinds in one group (Reactor Netty holds one).
        LoopResources loops = NativeLoops.wrap(LoopResources.create(prefix, 1, threads, true, false), prefix, threads,
                true, resolved);
        return new NetLoops(loops, threads, resolved);
    }

    /** The number of loops. */
    public int threads() {
        return threads;
    }

    /**
     * The transport TCP servers and sockets on these loops run: NIO, EPOLL or IO_URING, never AUTO
     * (resolved at {@link #create}). Unix domain sockets choose theirs per server and connect.
     */
    public Transport transport() {
        return transport;
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
            NetLoops loops = shared;
            if (loops == null) {
                loops = create("reactive-net", DEFAULT_THREADS, Transport.AUTO);
                shared = loops;
            }
            sharedUsers++;
            return loops;
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

    /** How many uses of the default group are taken and not given back (0: it is shut down or shutting down). */
    static int defaultUsers() {
        synchronized (DEFAULT_LOCK) {
            return sharedUsers;
        }
    }

    /** Internal bridge so {@code io.reactivenet.internal} can lease loops. */
    public static final class Lease implements Disposable {
        private final NetLoops loops;
        private final boolean isDefault;
        // Released from whichever thread ends the user (a cancel, an error, a close): once only.
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(NetLoops loops, boolean isDefault) {
            this.loops = loops;
            this.isDefault = isDefault;
        }

        /** The loops given, or a use of the default group when {@code given} is null. */
        public static Lease of(@Nullable NetLoops given) {
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
