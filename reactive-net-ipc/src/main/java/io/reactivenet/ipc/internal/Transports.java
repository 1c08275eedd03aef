package io.reactivenet.ipc.internal;

import io.netty.channel.unix.DomainSocketAddress;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.Transport;
import io.reactivenet.internal.TransportSupport;
import io.reactivenet.internal.spi.Endpoints;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a {@link Transport} for a Unix domain socket to NIO, EPOLL or IO_URING and builds the
 * address type that transport wants. The native transports reject the JDK's
 * {@code UnixDomainSocketAddress} and NIO rejects Netty's {@code DomainSocketAddress}: both halves must
 * agree, so they are decided here together.
 */
public final class Transports {

    private Transports() {
    }

    /**
     * NIO, EPOLL or IO_URING. AUTO is what it is for TCP (io_uring, else epoll, else NIO: see
     * {@link Transport#AUTO}), except that an abstract name takes EPOLL, the one transport whose
     * abstract names reactive-net tests. Throws {@link NetArgumentException} for an impossible
     * combination the caller chose (an abstract name on NIO).
     */
    public static Transport resolve(Transport transport, boolean abstractName) {
        if (abstractName && transport == Transport.NIO) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "Abstract socket names need the EPOLL transport (the JDK rejects a NUL in a path). Received NIO");
        }
        if (transport == Transport.AUTO) {
            return abstractName ? Transport.EPOLL : TransportSupport.resolveTcp(Transport.AUTO);
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
        return null;
    }

    /** The address for {@code name} (a path, or {@code "\0name"}) in the type the transport wants. */
    public static SocketAddress address(String name, Transport resolved) {
        return resolved == Transport.NIO ? UnixDomainSocketAddress.of(Path.of(name)) : new DomainSocketAddress(name);
    }
}
