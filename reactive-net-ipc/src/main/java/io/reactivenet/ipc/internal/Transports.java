package io.reactivenet.ipc.internal;

import io.netty.channel.unix.DomainSocketAddress;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.Transport;
import io.reactivenet.internal.spi.Endpoints;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a {@link Transport} for a Unix domain socket to NIO or EPOLL and builds the address type
 * that transport wants. Reactor Netty prefers the native transport by default, and epoll rejects the
 * JDK's {@code UnixDomainSocketAddress}: both halves must agree, so they are decided here together.
 */
public final class Transports {

    private Transports() {
    }

    /**
     * NIO or EPOLL. AUTO is NIO, which works on Linux and macOS (with our half-closing channels),
     * unless the feature asked for needs epoll: abstract names. Throws {@link NetArgumentException}
     * for an impossible combination the caller chose (an abstract name on NIO).
     */
    public static Transport resolve(Transport transport, boolean abstractName) {
        if (abstractName && transport == Transport.NIO) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "Abstract socket names need the EPOLL transport (the JDK rejects a NUL in a path). Received NIO");
        }
        if (transport == Transport.AUTO) {
            return abstractName ? Transport.EPOLL : Transport.NIO;
        }
        return transport;
    }

    /** Null when the resolved transport can run here, else the error to signal. */
    public static @Nullable NetException unavailable(Transport resolved, boolean abstractName) {
        if (abstractName && !SocketPaths.hasAbstractNamespace()) {
            return new NetException(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM,
                    "Abstract socket names exist only on Linux, not on " + System.getProperty("os.name"));
        }
        NetException unavailable = Endpoints.unavailable(resolved);
        if (unavailable != null) {
            return unavailable;
        }
        if (resolved == Transport.IO_URING) {
            // Reactor Netty 1.3 drives io_uring only for TCP and UDP channels.
            return new NetException(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM,
                    "The IO_URING transport does not carry Unix domain sockets here; use NIO or EPOLL");
        }
        return null;
    }

    /** The address for {@code name} (a path, or {@code "\0name"}) in the type the transport wants. */
    public static SocketAddress address(String name, Transport resolved) {
        return resolved == Transport.NIO ? UnixDomainSocketAddress.of(Path.of(name)) : new DomainSocketAddress(name);
    }
}
