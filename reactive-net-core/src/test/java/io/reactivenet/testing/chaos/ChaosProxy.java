package io.reactivenet.testing.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy for tests that sits between a client and a server and injects faults, per connection
 * and from a seed: re-chunking (down to one byte per write), latency and jitter, a bandwidth
 * throttle, a stall that later resumes, a half-close or an RST at a chosen byte (see {@link Faults},
 * {@link Cut}). Plain Java NIO, so it tests our library without depending on it.
 *
 * <pre>{@code
 * try (ChaosProxy proxy = ChaosProxy.start(server.address(), n -> FaultMix.random(seed, Cut.NONE, size))) {
 *     NetSocket client = Net.connect(proxy.port(), "127.0.0.1").block();
 *     ...
 *     assertThat(...).as(proxy.describe()).isEqualTo(...);
 * }
 * }</pre>
 *
 * <p>It listens on 127.0.0.1, port 0. The {@code n}th accepted connection (from 0) gets the mix
 * {@code mixes.apply(n)} and a connection to {@code target}. Bytes are never lost, duplicated or
 * reordered except as a {@link Cut} says. An RST or error from either end is passed on to the other
 * as an RST. Backpressure is kept: the proxy holds at most {@link Flow#CAPACITY} bytes per direction.
 *
 * <p><b>Threading.</b> One daemon thread per proxy ({@code chaos-proxy-<port>}) runs a selector; time
 * faults are paced with timed selects. {@link #close()} stops it, resets every open connection, and
 * returns once the thread has ended and every descriptor is closed. Other methods are thread-safe.
 */
public final class ChaosProxy implements AutoCloseable {

    private static final long STOP_WAIT_MS = 5_000;

    private final InetSocketAddress target;
    private final IntFunction<FaultMix> mixes;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Thread thread;
    /** Every connection so far, for {@link #describe()}. */
    private final List<Link> links = new CopyOnWriteArrayList<>();
    /** The open ones; only the proxy's thread touches this list. */
    private final List<Link> active = new ArrayList<>();
    private volatile boolean running = true;
    private volatile @Nullable Throwable crashed;

    private ChaosProxy(InetSocketAddress target, IntFunction<FaultMix> mixes) throws IOException {
        this.target = target;
        this.mixes = mixes;
        this.selector = Selector.open();
        try {
            this.listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        this.thread = new Thread(this::run, "chaos-proxy-" + port());
        thread.setDaemon(true);
    }

    /** Starts a proxy to {@code target} whose {@code n}th connection gets {@code mixes.apply(n)}. */
    public static ChaosProxy start(InetSocketAddress target, IntFunction<FaultMix> mixes) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mixes, "mixes");
        try {
            ChaosProxy proxy = new ChaosProxy(target, mixes);
            proxy.thread.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a proxy to {@code 127.0.0.1:port} that gives every connection the same mix. */
    public static ChaosProxy start(int port, FaultMix mix) {
        Objects.requireNonNull(mix, "mix");
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), n -> mix);
    }

    /** The port clients connect to, on 127.0.0.1. */
    public int port() {
        return listener.socket().getLocalPort();
    }

    /** The proxy's upstream port (its local port towards the target) for the connection from {@code clientPort}, or -1. */
    public int upstreamPortOf(int clientPort) {
        for (Link l : links) {
            if (l.clientPort() == clientPort) {
                return l.upstreamPort();
            }
        }
        return -1;
    }

    /** Every connection so far: its mix (with the seed) and what became of it. For failure messages. */
    public String describe() {
        String head = "chaos proxy :" + port() + " -> " + target.getPort();
        if (crashed != null) {
            head += " CRASHED: " + crashed;
        }
        return head + links.stream().map(Link::describe).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    private void run() {
        int accepted = 0;
        try {
            while (running) {
                long now = System.nanoTime();
                long next = Long.MAX_VALUE;
                for (Link l : active) {
                    next = Math.min(next, l.pump(now));
                }
                active.removeIf(Link::closed);
                int ready;
                if (next == Long.MAX_VALUE) {
                    ready = selector.select();
                } else {
                    // Rounded up: a timed select never spins on a sub-millisecond wait.
                    long waitNanos = next - System.nanoTime();
                    ready = waitNanos <= 0 ? selector.selectNow()
                            : selector.select(Math.max(1, (waitNanos + 999_999) / 1_000_000));
                }
                if (ready > 0) {
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.isValid() && key.isAcceptable()) {
                            accepted = accept(accepted);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            }
        } catch (Throwable t) {
            crashed = t;
        } finally {
            for (Link l : active) {
                l.abort("reset: proxy closed");
            }
            try {
                listener.close();
            } catch (IOException ignored) {
                // The proxy is going away; nothing to do about a failed close.
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // As above.
            }
        }
    }

    private int accept(int accepted) throws IOException {
        SocketChannel client;
        while ((client = listener.accept()) != null) {
            FaultMix mix = mixes.apply(accepted);
            try {
                Link link = new Link(accepted, mix, client, target, selector);
                links.add(link);
                active.add(link);
            } catch (IOException e) {
                client.close();
            }
            accepted++;
        }
        return accepted;
    }

    /** Stops the proxy: resets open connections, closes every descriptor and waits for its thread. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("chaos proxy thread did not stop within " + STOP_WAIT_MS + " ms");
        }
    }

    /** Connections the proxy still holds open (not for assertions on timing: it changes under the caller). */
    public List<String> openConnections() {
        List<String> out = new ArrayList<>();
        for (Link l : links) {
            if (!l.closed()) {
                out.add(l.describe());
            }
        }
        return out;
    }
}
