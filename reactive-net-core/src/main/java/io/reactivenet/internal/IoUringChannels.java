package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.ServerDomainSocketChannel;

/**
 * Netty 4.2's io_uring transport ({@code io.netty.channel.uring}) in the shape Reactor Netty wants:
 * its event loop factory, and the channel for each channel type Reactor Netty asks for.
 *
 * <p><b>Why our own.</b> Reactor Netty 1.3.7 knows only the incubator io_uring
 * ({@code io.netty.incubator.channel.uring.IOUring}, for Netty 4.1); on a Netty 4.2 io_uring group its
 * {@code DefaultLoopResources.onChannel} finds no matching transport and fails. {@link NativeLoops}
 * therefore creates the io_uring groups itself and asks this class for their channels.
 *
 * <p>Loaded only once {@link io.reactivenet.Transport#IO_URING} was found available (its classes
 * are on the class path), so the io_uring jars stay optional. Stateless, thread-safe.
 */
final class IoUringChannels {

    private IoUringChannels() {
    }

    /** Netty's io_uring handler factory (ring size and buffer rings as Netty defaults them). */
    static IoHandlerFactory newFactory() {
        return IoUringIoHandler.newFactory();
    }

    /** Whether {@code group} runs io_uring (its loops accept io_uring handles). */
    static boolean runs(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && io.isCompatible(IoUringIoHandle.class);
    }

    /** A new io_uring channel of {@code type}; throws for a type io_uring has no channel for. */
    @SuppressWarnings("unchecked")
    static <C extends Channel> C channel(Class<C> type) {
        if (type == SocketChannel.class) {
            return (C) new IoUringSocketChannel();
        }
        if (type == ServerSocketChannel.class) {
            return (C) new IoUringServerSocketChannel();
        }
        if (type == DomainSocketChannel.class) {
            return (C) new IoUringDomainSocketChannel();
        }
        if (type == ServerDomainSocketChannel.class) {
            return (C) new IoUringServerDomainSocketChannel();
        }
        if (type == DatagramChannel.class) {
            return (C) new IoUringDatagramChannel();
        }
        throw new IllegalArgumentException("io_uring has no channel of type " + type.getSimpleName());
    }

    /** The io_uring channel class for {@code type}; throws for a type io_uring has no channel for. */
    @SuppressWarnings("unchecked")
    static <C extends Channel> Class<? extends C> channelClass(Class<C> type) {
        Class<?> c;
        if (type == SocketChannel.class) {
            c = IoUringSocketChannel.class;
        } else if (type == ServerSocketChannel.class) {
            c = IoUringServerSocketChannel.class;
        } else if (type == DomainSocketChannel.class) {
            c = IoUringDomainSocketChannel.class;
        } else if (type == ServerDomainSocketChannel.class) {
            c = IoUringServerDomainSocketChannel.class;
        } else if (type == DatagramChannel.class) {
            c = IoUringDatagramChannel.class;
        } else {
            throw new IllegalArgumentException("io_uring has no channel of type " + type.getSimpleName());
        }
        return (Class<? extends C>) c;
    }

    /** Whether {@code channel} is an io_uring TCP socket (for its own keep-alive option). */
    static boolean isSocket(Channel channel) {
        return channel instanceof IoUringSocketChannel;
    }

    /** TCP_KEEPIDLE on an io_uring TCP socket. */
    static boolean setKeepIdle(Channel channel, int seconds) {
        return channel.config().setOption(IoUringChannelOption.TCP_KEEPIDLE, seconds);
    }
}
