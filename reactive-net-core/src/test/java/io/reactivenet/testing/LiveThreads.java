package io.reactivenet.testing;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The live threads a test class may leave behind without leaking, and a snapshot of the others.
 * Used by {@link ResourceGuard}.
 *
 * <p>Allowed to outlive a test class, by name prefix, because they are shared for the JVM's life by
 * design or idle out on their own schedule:
 * <ul>
 *   <li>the JVM's own threads (thread group {@code system}: Reference Handler, Finalizer, Signal
 *       Dispatcher, Common-Cleaner, Notification Thread, Attach Listener) and {@code process reaper}
 *       (the JDK's pool that waits for child processes: idles out after 60 s);
 *   <li>{@code ForkJoinPool.commonPool-worker-}: the JDK's common pool (CompletableFuture.*Async),
 *       idles out after 60 s;
 *   <li>Reactor's shared schedulers {@code parallel-}, {@code single-}, {@code boundedElastic-}
 *       (and its evictor): created on first use ({@code Mono.delay}, timeouts, {@code publishOn})
 *       and kept for the JVM by Reactor;
 *   <li>Netty's {@code globalEventExecutor-} (stops itself 1 s after its last task) and
 *       {@code ObjectCleanerThread} (one per JVM);
 *   <li>test infrastructure: {@code junit-jupiter-timeout-watcher} (JUnit's daemon for
 *       {@code @Timeout}, kept for the launcher session) and surefire's {@code surefire-forkedjvm-}
 *       threads.
 * </ul>
 * Not allowed: reactive-net's loops ({@code reactive-net-…}, released once the last server or socket
 * closes, after a 100 ms quiet period), named {@link io.reactivenet.NetLoops} a test created and did
 * not dispose, the chaos proxy's thread, and anything else a test started.
 */
final class LiveThreads {

    static final Set<String> INFRASTRUCTURE_PREFIXES = Set.of(
            "process reaper", "ForkJoinPool.commonPool-worker-",
            "parallel-", "single-", "boundedElastic-", "globalEventExecutor-", "ObjectCleanerThread",
            "junit-jupiter-timeout-watcher", "surefire-forkedjvm-");

    private LiveThreads() {
    }

    static Set<Thread> snapshot() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    static boolean infrastructure(Thread t) {
        ThreadGroup g = t.getThreadGroup();
        if (g != null && g.getName().equals("system")) {
            return true;
        }
        String name = t.getName();
        return INFRASTRUCTURE_PREFIXES.stream().anyMatch(name::startsWith);
    }

    static String describe(Thread t) {
        return "\"" + t.getName() + "\"" + (t.isDaemon() ? " daemon" : "") + " " + t.getState();
    }
}
