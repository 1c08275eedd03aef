package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.reactivenet.NetException;
import io.reactivenet.Transport;
import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * Turns a {@link Transport} into what Reactor Netty understands: loop resources ({@link NativeLoops})
 * and the {@code runOn(loops, preferNative)} boolean, and resolves {@link Transport#AUTO}.
 */
public final class TransportSupport {

    /**
     * AUTO's order of preference: the first available one is taken (see {@link Transport#AUTO}).
     * epoll first: on our repaired loops (EpollRegistrations) it passes every contract and chaos
     * suite, and a connect cancelled as it completes is closed by HandOff. io_uring is not in the
     * list: its jars are optional and two chaos cases hang on it; it runs on request. NIO is the
     * fallback everywhere else.
     */
    private static final Transport[] PREFERENCE = {Transport.EPOLL, Transport.NIO};

    private TransportSupport() {
    }

    /** What AUTO means for TCP here: the first of {@link #PREFERENCE} that runs (epoll on Linux, else NIO). */
    public static Transport resolveTcp(Transport transport) {
        if (transport != Transport.AUTO) {
            return transport;
        }
        for (Transport t : PREFERENCE) {
            if (t.isAvailable()) {
                return t;
            }
        }
        return Transport.NIO;
    }

    /** The boolean Reactor Netty's {@code runOn} wants for a resolved transport. */
    public static boolean preferNative(Transport resolved) {
        return resolved == Transport.EPOLL || resolved == Transport.IO_URING;
    }

    /**
     * The loop resources to give Reactor Netty for a resolved transport: {@code loops} answering
     * {@code useNative} with {@code resolved} (see {@link NativeLoops#view}).
     */
    public static LoopResources resources(LoopResources loops, Transport resolved) {
        return NativeLoops.view(loops, resolved);
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
     * Null when {@code transport} can run here, else the {@code ERR_FEATURE_UNAVAILABLE_ON_PLATFORM}
     * error naming it and Netty's reason.
     */
    public static @Nullable NetException unavailable(Transport transport) {
        Throwable cause = transport.unavailabilityCause();
        if (cause != null) {
            return new NetException(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM,
                    "The " + transport + " transport is not available here: " + cause, cause);
        }
        return null;
    }

    /**
     * Sets TCP_KEEPIDLE with the option type {@code channel}'s transport understands; false when it
     * has none (the delay is then the system's).
     */
    public static boolean setKeepIdle(Channel channel, int seconds) {
        if (channel instanceof EpollSocketChannel) {
            return channel.config().setOption(EpollChannelOption.TCP_KEEPIDLE, seconds);
        }
        if (channel instanceof NioSocketChannel) {
            return channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), seconds);
        }
        if (Transport.IO_URING.isAvailable() && IoUringSupport.isSocket(channel)) {
            return IoUringSupport.setKeepIdle(channel, seconds);
        }
        return false;
    }
}
