package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.reactivenet.ServerEvent;
import io.reactivenet.SocketAddress;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Builds a server's {@link ServerEvent.Drop} events (Node's {@code 'drop'}): the local and remote
 * address, port and family of a connection closed by {@code maxConnections}.
 *
 * <p>During a flood this runs once per attempt on the accepting loop. A listener's connections
 * share their local address (unless it listens on a wildcard address and several interfaces take
 * connections), so the local side's strings are kept from the last drop instead of being formatted
 * again. Thread-safe: the accepting loop and the worker loops may build drops at once; a race only
 * formats the same strings twice.
 */
final class DropEvents {

    /** A local address and its Drop fields. */
    private record Local(InetSocketAddress address, @Nullable String ip, int port, @Nullable String family) {
    }

    private volatile @Nullable Local last;

    /** The Drop of {@code channel}, whose client is {@code remote} (the peer, or the PROXY header's source). */
    ServerEvent.Drop of(Channel channel, @Nullable SocketAddress remote) {
        Local local = local(channel);
        return new ServerEvent.Drop(local == null ? null : local.ip(), local == null ? -1 : local.port(),
                local == null ? null : local.family(),
                remote == null ? null : remote.address(), remote == null ? -1 : remote.port(), family(remote));
    }

    private @Nullable Local local(Channel channel) {
        if (!(channel.localAddress() instanceof InetSocketAddress address)) {
            return null;
        }
        Local local = last;
        if (local == null || !local.address().equals(address)) {
            SocketAddress a = SocketAddress.from(address);
            local = new Local(address, a.address(), a.port(), family(a));
            last = local;
        }
        return local;
    }

    private static @Nullable String family(@Nullable SocketAddress a) {
        return a == null ? null : (a.family().equals("ipv6") ? "IPv6" : "IPv4");
    }
}
