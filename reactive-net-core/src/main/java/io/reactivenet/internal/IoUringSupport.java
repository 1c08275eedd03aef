package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * What reactive-net needs of Netty 4.2's io_uring transport ({@code io.netty.channel.uring}) by
 * name: its event loop factory and its own keep-alive option. Reactor Netty 1.3 creates the
 * channels for our io_uring groups (its Java 11+ {@code DefaultLoopIOUring} knows Netty 4.2's
 * io_uring).
 *
 * <p>Loaded only once {@link io.reactivenet.Transport#IO_URING} was found available (its classes
 * are on the class path), so the io_uring jars stay optional. Stateless, thread-safe.
 */
final class IoUringSupport {

    private IoUringSupport() {
    }

    /** Netty's io_uring handler factory (ring size and buffer rings as Netty defaults them). */
    static IoHandlerFactory newFactory() {
        return IoUringIoHandler.newFactory();
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
