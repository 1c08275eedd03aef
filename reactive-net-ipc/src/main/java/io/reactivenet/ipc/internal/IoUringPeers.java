package io.reactivenet.ipc.internal;

import io.netty.channel.Channel;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import io.reactivenet.Transport;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * SO_PEERCRED of an io_uring Unix socket. A class of its own so the io_uring classes are loaded only
 * where io_uring runs (its jars may be excluded). Stateless.
 */
final class IoUringPeers {

    private IoUringPeers() {
    }

    /** The peer's pid, uid and gids, or null when {@code channel} is not an io_uring Unix socket. */
    static @Nullable PeerCredentials credentials(Channel channel) throws IOException {
        if (!Transport.IO_URING.isAvailable()) {
            return null;
        }
        return Inner.credentials(channel);
    }

    /** Touches the io_uring classes: loaded only after the availability check above. */
    private static final class Inner {
        static @Nullable PeerCredentials credentials(Channel channel) throws IOException {
            return channel instanceof IoUringDomainSocketChannel uring ? uring.peerCredentials() : null;
        }
    }
}
