package io.reactivenet;

import io.netty.channel.epoll.Epoll;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * Which Netty transport carries a socket: the same choice for TCP ({@link NetLoops#create(String, int, Transport)})
 * and for Unix domain sockets (the {@code reactive-net-ipc} module's options).
 *
 * <p>Node counterpart: none (libuv picks one per platform). What each gives (Netty 4.2.17, JDK 17):
 * <table>
 *   <caption>Transports</caption>
 *   <tr><th></th><th>NIO</th><th>EPOLL</th><th>IO_URING</th></tr>
 *   <tr><td>platforms</td><td>everywhere (Unix sockets: Linux, macOS)</td><td>Linux (x86_64, aarch64)</td>
 *       <td>Linux x86_64 with the io_uring jars added (optional dependencies), where the kernel allows
 *       io_uring (containers and hardened kernels often refuse it)</td></tr>
 *   <tr><td>Unix sockets</td><td>yes</td><td>yes, with abstract names and peer pid/uid/gid</td>
 *       <td>no: Netty 4.2.17's io_uring domain socket ignores half-closure (the peer's FIN closes it),
 *       so reactive-net-ipc refuses it</td></tr>
 * </table>
 * All three pass every contract of reactive-net (echo, backpressure, half-open, half-close under
 * backpressure, connection limits) over TCP v4 and v6, and NIO and EPOLL over Unix sockets; the
 * build runs each suite on each transport the machine allows.
 *
 * <p>Choosing a transport that cannot run here fails with a {@link NetException} of code
 * {@link NetException#ERR_FEATURE_UNAVAILABLE_ON_PLATFORM} naming the transport and Netty's reason;
 * {@link #isAvailable()} tells beforehand. Thread-safe (availability is probed once, by Netty).
 */
public enum Transport {
    /**
     * Let reactive-net choose; the default: {@link #EPOLL} for TCP where it runs (Linux), else
     * {@link #NIO}; for Unix sockets NIO unless an abstract name needs EPOLL. EPOLL runs on loops that
     * repair a Netty 4.2 epoll bug (writes lost after the peer's FIN) and passes every contract and
     * chaos suite. {@link #IO_URING} is never AUTO's pick: its jars are optional, and in the chaos
     * suites an echo whose client connection is reset mid-stream never ended on it; it runs on request.
     */
    AUTO,
    /** Java NIO selectors: available everywhere. */
    NIO,
    /** Netty's native epoll transport: Linux only. */
    EPOLL,
    /**
     * Netty 4.2's io_uring transport ({@code io.netty.channel.uring}). Its two jars
     * ({@code netty-transport-classes-io_uring} and {@code netty-transport-native-io_uring}, classifier
     * {@code linux-x86_64}) are optional dependencies of reactive-net-core: add them to use this.
     * Note that with them on the class path, Reactor Netty's own default loops
     * (any {@code TcpServer.create()} or {@code HttpServer.create()} in the application) run io_uring
     * too: that is why reactive-net does not add them for you.
     */
    IO_URING;

    /** Netty 4.2's io_uring probe; looked up by name so the jars stay optional. */
    static final String IO_URING_CLASS = "io.netty.channel.uring.IoUring";

    /** Whether this transport can run in this JVM on this platform; AUTO and NIO always can. */
    public boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /** Why this transport cannot run here (Netty's own reason where it gives one), or null when it can. */
    public @Nullable Throwable unavailabilityCause() {
        switch (this) {
            case EPOLL:
                return Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
            case IO_URING:
                return IoUringProbe.CAUSE;
            default:
                return null;
        }
    }

    /** Looks io_uring up once, reflectively: its jars may be absent. */
    private static final class IoUringProbe {
        static final @Nullable Throwable CAUSE = probe();

        private static @Nullable Throwable probe() {
            try {
                Class<?> ioUring = Class.forName(IO_URING_CLASS, true, Transport.class.getClassLoader());
                Method isAvailable = ioUring.getMethod("isAvailable");
                if (Boolean.TRUE.equals(isAvailable.invoke(null))) {
                    return null;
                }
                Object cause = ioUring.getMethod("unavailabilityCause").invoke(null);
                return cause instanceof Throwable t ? t : new UnsupportedOperationException("io_uring is not available");
            } catch (ClassNotFoundException | LinkageError e) {
                return new UnsupportedOperationException(
                        "netty-transport-classes-io_uring is not on the class path (an optional dependency of reactive-net-core)", e);
            } catch (ReflectiveOperationException e) {
                return e;
            }
        }
    }
}
