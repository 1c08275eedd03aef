package io.reactivenet.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves behind open file descriptors, live threads or open sockets: three
 * guards beside {@link LeakGuard}, which watches Netty buffers.
 *
 * <p>Before a class's first test it records this process's descriptors ({@code /proc/self/fd}) and
 * live threads; after its last test (and its {@code @AfterAll} methods) it waits up to
 * {@value #DEFAULT_WAIT_MS} ms ({@code -Dreactivenet.guard.wait=ms}) for every descriptor and thread
 * opened since to be gone, then fails the class naming what is left:
 * <ul>
 *   <li><b>descriptors</b>: fd number and target (a path, {@code pipe:[…]}, {@code anon_inode:[eventpoll]}),
 *       except those the JVM keeps for its life ({@link Descriptors#jvmLifetime});
 *   <li><b>sockets</b>: the descriptors that are sockets, with their addresses and TCP state read from
 *       {@code /proc/net} (reactive-net has no public socket counter; every socket our library opens
 *       is one of these descriptors);
 *   <li><b>threads</b>: name, daemon flag and state, except the shared and infrastructure threads
 *       listed in {@link LiveThreads}.
 * </ul>
 * The wait covers what closes asynchronously after a test: reactive-net's default loops shut down
 * after the last server or socket closes (100 ms quiet period), NIO closes a channel's descriptor
 * at its selector's next select.
 *
 * <p>Registered like LeakGuard, as an auto-detected extension ({@code META-INF/services} in the core
 * test-jar, {@code junit.jupiter.extensions.autodetection.enabled=true} in surefire and failsafe), so it
 * runs for every test class of every module that has the test-jar on its test class path.
 * {@code -Dreactivenet.guard=off} disables it (for debugging a single test, never in the build).
 * Linux only: elsewhere it checks threads alone.
 */
public final class ResourceGuard implements BeforeAllCallback, AfterAllCallback {

    static final long DEFAULT_WAIT_MS = 10_000;
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ResourceGuard.class);

    static {
        warmUp();
    }

    private record Baseline(Map<String, String> fds, Set<Thread> threads) {
    }

    /** What a class left: each list empty when nothing leaked. */
    record Leaks(List<String> fds, List<String> sockets, List<String> threads, String counts) {
        boolean none() {
            return fds.isEmpty() && threads.isEmpty();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (enabled(context)) {
            context.getStore(NS).put("baseline", new Baseline(fds(), LiveThreads.snapshot()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Baseline base = context.getStore(NS).get("baseline", Baseline.class);
        if (base == null) {
            return;
        }
        // Configuration parameters fall back to system properties: -Dreactivenet.guard.wait works too.
        long wait = context.getConfigurationParameter("reactivenet.guard.wait").map(Long::parseLong).orElse(DEFAULT_WAIT_MS);
        Leaks leaks = awaitClean(base, Duration.ofMillis(wait));
        if (!leaks.none()) {
            throw new AssertionError(message(context.getDisplayName(), wait, leaks));
        }
    }

    private static boolean enabled(ExtensionContext context) {
        return !context.getConfigurationParameter("reactivenet.guard").orElse("").equals("off");
    }

    private static Leaks awaitClean(Baseline base, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Leaks leaks = leaks(base);
            if (leaks.none() || System.nanoTime() > deadline) {
                return leaks;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static Leaks leaks(Baseline base) {
        Map<String, String> now = fds();
        Map<String, String> names = null;
        List<String> fds = new ArrayList<>();
        List<String> sockets = new ArrayList<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            String target = e.getValue();
            if (target.equals(base.fds.get(e.getKey())) || Descriptors.jvmLifetime(target)) {
                continue;
            }
            if (Descriptors.isSocket(target)) {
                if (names == null) {
                    names = Descriptors.socketNames();
                }
                String named = Descriptors.describe(target, names);
                if (Descriptors.attachListener(named)) {
                    continue;
                }
                sockets.add("fd " + e.getKey() + " -> " + named);
            }
            fds.add("fd " + e.getKey() + " -> " + target);
        }
        Set<Thread> live = LiveThreads.snapshot();
        List<String> threads = live.stream()
                .filter(t -> !base.threads.contains(t) && !LiveThreads.infrastructure(t))
                .map(LiveThreads::describe).sorted().collect(Collectors.toList());
        long socketsBefore = base.fds.values().stream().filter(Descriptors::isSocket).count();
        long socketsNow = now.values().stream().filter(Descriptors::isSocket).count();
        String counts = "descriptors " + base.fds.size() + " -> " + now.size() + ", sockets " + socketsBefore + " -> "
                + socketsNow + ", threads " + base.threads.size() + " -> " + live.size();
        return new Leaks(fds, sockets, threads, counts);
    }

    static String message(String where, long waitMs, Leaks leaks) {
        StringBuilder b = new StringBuilder("ResourceGuard: " + where + " left resources open " + waitMs
                + " ms after its tests ended (" + leaks.counts() + ")");
        if (!leaks.sockets().isEmpty()) {
            b.append("\n  open sockets (").append(leaks.sockets().size()).append("):");
            leaks.sockets().forEach(s -> b.append("\n    ").append(s));
        }
        if (!leaks.fds().isEmpty()) {
            b.append("\n  open file descriptors (").append(leaks.fds().size()).append("):");
            leaks.fds().forEach(s -> b.append("\n    ").append(s));
        }
        if (!leaks.threads().isEmpty()) {
            b.append("\n  live threads (").append(leaks.threads().size()).append("):");
            leaks.threads().forEach(s -> b.append("\n    ").append(s));
        }
        return b.toString();
    }

    private static Map<String, String> fds() {
        return Descriptors.available() ? Descriptors.snapshot() : Map.of();
    }

    /**
     * Opens once what the JDK keeps open for its life after first use (NIO's pre-close socket pair),
     * so that the first test class to use NIO is not blamed for it.
     */
    private static void warmUp() {
        try (SocketChannel ch = SocketChannel.open(); Selector s = Selector.open();
             FileChannel f = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ)) {
            ch.configureBlocking(false);
        } catch (IOException | RuntimeException ignored) {
            // Best effort: without it the first NIO user may be reported; the message says what it is.
        }
    }
}
