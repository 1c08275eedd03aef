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
 *       <td>Linux 5.x with netty-incubator-transport-native-io_uring on the class path (not a dependency)</td></tr>
 *   <tr><td>half-close after the peer's FIN under backpressure</td><td>yes</td><td>loses queued writes
 *       (see {@link #AUTO})</td><td>untested</td></tr>
 *   <tr><td>Unix abstract names, peer pid/uid/gid</td><td>no</td><td>yes</td><td>no</td></tr>
 * </table>
 *
 * <p>Choosing a transport that cannot run here fails with a {@link NetException} of code
 * {@link NetException#ERR_FEATURE_UNAVAILABLE_ON_PLATFORM} naming the transport and Netty's reason;
 * {@link #isAvailable()} tells beforehand. Thread-safe (availability is probed once, by Netty).
 */
public enum Transport {
    /**
     * Let reactive-net choose; the default. Today that is NIO for TCP, and NIO for Unix sockets
     * unless the feature asked for needs epoll (an abstract name). Not epoll for TCP because Netty
     * 4.2.17 and 4.2.18 epoll loses queued writes on a socket whose input was shut down (the peer's
     * FIN under allowHalfOpen) once the fd leaves the epoll set and a later write needs EPOLLOUT:
     * {@code epoll_ctl(MOD) ENOENT} shuts the output down (a regression of netty#16689). An echo of
     * 16 MiB to a peer that ends after writing lost bytes in 4 of 10 runs; NIO lost none.
     * {@code HalfCloseUnderBackpressure*IT} guard this.
     */
    AUTO,
    /** Java NIO selectors: available everywhere. */
    NIO,
    /** Netty's native epoll transport: Linux only. */
    EPOLL,
    /**
     * Netty's io_uring transport, as Reactor Netty 1.3 drives it (netty-incubator-transport-native-io_uring).
     * That jar is not a dependency of reactive-net: add it to use this; without it this transport
     * reports itself unavailable.
     */
    IO_URING;

    /** The class Reactor Netty 1.3 probes for io_uring; looked up by name so the jar stays optional. */
    static final String IO_URING_CLASS = "io.netty.incubator.channel.uring.IOUring";

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

    /** Looks io_uring up once, reflectively: the incubator jar may be absent. */
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
                        "netty-incubator-transport-native-io_uring is not on the class path", e);
            } catch (ReflectiveOperationException e) {
                return e;
            }
        }
    }
}
