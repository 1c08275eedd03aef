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
 * Resolves a {@link Transport} for a Unix domain socket to NIO, EPOLL or IO_URING and builds the
 * address type that transport wants. The native transports reject the JDK's
 * {@code UnixDomainSocketAddress} and NIO rejects Netty's {@code DomainSocketAddress}: both halves must
 * agree, so they are decided here together.
 */
public final class Transports {

    private Transports() {
    }

    /**
     * NIO or EPOLL (IO_URING when asked for, refused by {@link #unavailable}). AUTO is NIO unless an
     * abstract name needs EPOLL (unlike TCP's AUTO, which prefers epoll: a path's limit and peer credentials
     * differ between the two, and the documented ones are NIO's); io_uring's Unix sockets cannot half-close (see {@link #unavailable}).
     * Throws {@link NetArgumentException} for an impossible combination the caller chose (an
     * abstract name on NIO).
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
            // Netty 4.2.17 and 4.2.18: AbstractIoUringChannel.isAllowHalfClosure accepts only a
            // SocketChannelConfig, and IoUringDomainSocketChannel's config is a DuplexChannelConfig, so
            // the peer's FIN closes the socket and fails the writes still queued (HalfOpen and Echo
            // contracts failed on it). The channel class is final: no half-closing substitute as for NIO.
            return new NetException(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM,
                    "The IO_URING transport does not carry Unix domain sockets here: Netty's io_uring domain"
                            + " socket ignores half-closure (the peer's end() would close it); use EPOLL or NIO");
        }
        return null;
    }

    /** The address for {@code name} (a path, or {@code "\0name"}) in the type the transport wants. */
    public static SocketAddress address(String name, Transport resolved) {
        return resolved == Transport.NIO ? UnixDomainSocketAddress.of(Path.of(name)) : new DomainSocketAddress(name);
    }
}
