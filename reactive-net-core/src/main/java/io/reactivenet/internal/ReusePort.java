package io.reactivenet.internal;

import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.unix.UnixChannelOption;
import io.reactivenet.NetException;
import io.reactivenet.Transport;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * SO_REUSEPORT per transport: NIO through the JDK's {@link StandardSocketOptions#SO_REUSEPORT} (when
 * the JDK supports it on this OS), epoll and io_uring through {@link UnixChannelOption#SO_REUSEPORT}.
 * Netty only logs a warning for an option a channel does not know and binds anyway, so the check is
 * ours: asking for reusePort where it cannot work fails the listen instead of binding exclusively.
 */
final class ReusePort {

    /** Probed once: whether this JDK can set SO_REUSEPORT on a server socket here (no on Windows). */
    private static final boolean NIO_SUPPORTED = probeNio();

    private ReusePort() {
    }

    /** Null when {@code transport} can bind with SO_REUSEPORT, else the {@code ERR_FEATURE_UNAVAILABLE_ON_PLATFORM} error. */
    static @Nullable NetException unavailable(Transport transport, boolean domain) {
        if (domain) {
            return unavailable("reusePort is not available for Unix domain sockets: a path has one listener");
        }
        if (transport == Transport.NIO && !NIO_SUPPORTED) {
            return unavailable("reusePort is not available on the NIO transport here: the JDK does not support"
                    + " SO_REUSEPORT on " + System.getProperty("os.name"));
        }
        return null;
    }

    /** The option to set for {@code transport}; call only when {@link #unavailable} is null. */
    static ChannelOption<Boolean> option(Transport transport) {
        return transport == Transport.NIO ? NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT)
                : UnixChannelOption.SO_REUSEPORT;
    }

    private static NetException unavailable(String message) {
        return new NetException(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM, message);
    }

    private static boolean probeNio() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
