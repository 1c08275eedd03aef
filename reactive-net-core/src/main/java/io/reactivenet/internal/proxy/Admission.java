package io.reactivenet.internal.proxy;

import io.netty.channel.Channel;
import io.reactivenet.NetException;
import io.reactivenet.proxy.ProxyHeader;
import org.jspecify.annotations.Nullable;

/**
 * The server's side of the gate: what to do once the header is known, and where to report a
 * connection the gate closes. Called on the channel's event loop.
 */
public interface Admission {

    /**
     * Applies the server's rules (BlockList, maxConnections) to the connection, with the header's
     * client as its peer, and installs the socket. Null header: a direct connection (AUTO).
     *
     * @return false when the connection was refused; the server has closed it and reported why
     */
    boolean admit(Channel channel, @Nullable ProxyHeader header);

    /** A connection closed by the gate (no header in time, malformed header): reported as a server event. */
    void rejected(NetException error);
}
