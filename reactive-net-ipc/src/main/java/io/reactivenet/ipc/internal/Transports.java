package io.reactivenet.ipc.internal;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.ipc.IpcTransport;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Resolves {@link IpcTransport} to NIO or epoll and builds the address type that transport wants.
 * Reactor Netty prefers the native transport by default, and epoll rejects the JDK's
 * {@code UnixDomainSocketAddress}: both halves must agree, so they are decided here together.
 */
public final class Transports {

    public static final String ERR_FEATURE_UNAVAILABLE_ON_PLATFORM = "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM";

    private Transports() {
    }

    /**
     * True for epoll, false for NIO. Throws {@link NetArgumentException} for an impossible
     * combination the caller chose (an abstract name on NIO).
     */
    public static boolean useEpoll(IpcTransport transport, boolean abstractName) {
        if (abstractName && transport == IpcTransport.NIO) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "Abstract socket names need the EPOLL transport (the JDK rejects a NUL in a path). Received NIO");
        }
        // AUTO: NIO, which works on Linux and macOS (with our half-closing channels), unless the
        // feature asked for needs epoll: abstract names.
        return transport == IpcTransport.EPOLL || (transport == IpcTransport.AUTO && abstractName);
    }

    /** Null when the chosen transport can run here, else the error to signal. */
    public static @org.jspecify.annotations.Nullable NetException unavailable(boolean epoll, boolean abstractName) {
        if (abstractName && !SocketPaths.hasAbstractNamespace()) {
            return new NetException(ERR_FEATURE_UNAVAILABLE_ON_PLATFORM,
                    "Abstract socket names exist only on Linux, not on " + System.getProperty("os.name"));
        }
        if (epoll && !Epoll.isAvailable()) {
            return new NetException(ERR_FEATURE_UNAVAILABLE_ON_PLATFORM,
                    "The EPOLL transport is not available here: " + Epoll.unavailabilityCause(),
                    Epoll.unavailabilityCause());
        }
        return null;
    }

    /** The address for {@code name} (a path, or {@code "\0name"}) in the type the transport wants. */
    public static SocketAddress address(String name, boolean epoll) {
        return epoll ? new DomainSocketAddress(name) : UnixDomainSocketAddress.of(Path.of(name));
    }
}
