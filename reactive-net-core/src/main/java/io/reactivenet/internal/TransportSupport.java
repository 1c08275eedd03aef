package io.reactivenet.internal;

import io.reactivenet.NetException;
import io.reactivenet.Transport;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link Transport} into what Reactor Netty understands: its {@code runOn(loops, preferNative)}
 * boolean picks io_uring when the incubator jar is present and usable, else epoll where it runs, else
 * NIO. So a transport is honoured only after checking that it is exactly the one Reactor Netty will
 * pick; anything else fails loudly instead of silently running another transport.
 */
public final class TransportSupport {

    private TransportSupport() {
    }

    /** What AUTO means for TCP today: NIO (see {@link Transport#AUTO} for why not epoll). */
    public static Transport resolveTcp(Transport transport) {
        return transport == Transport.AUTO ? Transport.NIO : transport;
    }

    /** The boolean Reactor Netty's {@code runOn} wants for a resolved transport. */
    public static boolean preferNative(Transport resolved) {
        return resolved == Transport.EPOLL || resolved == Transport.IO_URING;
    }

    /** Throws {@link #unavailable(Transport)}'s error, if any; returns the transport. */
    public static Transport requireAvailable(Transport transport) {
        NetException e = unavailable(transport);
        if (e != null) {
            throw e;
        }
        return transport;
    }

    /**
     * Null when {@code transport} can run here and is what Reactor Netty will run, else the
     * {@code ERR_FEATURE_UNAVAILABLE_ON_PLATFORM} error naming it and Netty's reason.
     */
    public static @Nullable NetException unavailable(Transport transport) {
        Throwable cause = transport.unavailabilityCause();
        if (cause != null) {
            return new NetException(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM,
                    "The " + transport + " transport is not available here: " + cause, cause);
        }
        if (transport == Transport.EPOLL && Transport.IO_URING.isAvailable()) {
            return new NetException(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM,
                    "The EPOLL transport cannot be chosen while io_uring is usable: Reactor Netty runs io_uring"
                            + " for every native transport then; use IO_URING or NIO");
        }
        return null;
    }
}
