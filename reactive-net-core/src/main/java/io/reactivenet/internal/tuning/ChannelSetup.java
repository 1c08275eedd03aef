package io.reactivenet.internal.tuning;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.reactivenet.SocketOptions;
import io.reactivenet.SocketTuning;
import io.reactivenet.Wiretap;
import java.time.Duration;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;

/**
 * Sets the {@link SocketTuning} and the {@link Wiretap} of a socket on its channel, at channel
 * init (before a client connects, before an accepted socket is active), with whichever option
 * type the transport understands. An option the channel lacks is skipped: Netty's
 * {@code ChannelConfig.setOption} answers false for it without logging.
 *
 * <p>Threading: called on the channel's event loop during init.
 */
public final class ChannelSetup {

    /** The wiretap's name in the pipeline. */
    public static final String WIRETAP = "reactivenet.wiretap";
    /** Fast Open queue length of a listening socket, as Reactor Netty and nginx default to. */
    static final int FAST_OPEN_QUEUE = 256;

    private ChannelSetup() {
    }

    /** Tuning and wiretap of a connected (accepted or connecting) channel. */
    public static void socket(Channel channel, SocketOptions options) {
        SocketTuning t = options.tuning();
        ChannelConfig config = channel.config();
        // A TCP socket on any transport (Unix domain channels are not SocketChannels). Not
        // config.getOptions(): that reads every option the channel has, a getsockopt each, per connection.
        boolean tcp = channel instanceof SocketChannel;
        if (t.receiveBufferSize() > 0) {
            config.setOption(ChannelOption.SO_RCVBUF, t.receiveBufferSize());
        }
        if (t.sendBufferSize() > 0) {
            config.setOption(ChannelOption.SO_SNDBUF, t.sendBufferSize());
        }
        Duration linger = t.linger();
        if (linger != null) {
            config.setOption(ChannelOption.SO_LINGER, (int) Math.min(Integer.MAX_VALUE, linger.toSeconds()));
        }
        if (tcp) {
            if (t.trafficClass() >= 0) {
                config.setOption(ChannelOption.IP_TOS, t.trafficClass());
            }
            Boolean reuse = t.reuseAddress();
            if (reuse != null) {
                config.setOption(ChannelOption.SO_REUSEADDR, reuse);
            }
            keepAliveProbes(channel, t);
            if (t.fastOpen() && channel instanceof EpollSocketChannel && channel.parent() == null) {
                config.setOption(ChannelOption.TCP_FASTOPEN_CONNECT, true);
            }
        }
        for (Map.Entry<ChannelOption<?>, Object> e : t.options().entrySet()) {
            setRaw(config, e.getKey(), e.getValue());
        }
        Wiretap wiretap = options.wiretap();
        if (wiretap != null) {
            channel.pipeline().addFirst(WIRETAP, WireLogger.of(wiretap));
        }
    }

    /**
     * TCP_KEEPINTVL and TCP_KEEPCNT, set whether or not keep-alive is on now (they matter only
     * when it is, and a later {@code setKeepAlive(true)} then probes at Node's pace).
     */
    private static void keepAliveProbes(Channel channel, SocketTuning t) {
        int interval = (int) Math.min(Integer.MAX_VALUE, t.keepAliveInterval().toSeconds());
        if (channel instanceof EpollSocketChannel) {
            channel.config().setOption(EpollChannelOption.TCP_KEEPINTVL, interval);
            channel.config().setOption(EpollChannelOption.TCP_KEEPCNT, t.keepAliveCount());
        } else if (channel instanceof NioSocketChannel) {
            channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), interval);
            channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), t.keepAliveCount());
        }
    }

    /**
     * Options of a listening channel, once bound: Fast Open (epoll). SO_REUSEADDR must be set
     * before bind, so the server passes {@link #reuseAddress} to its bootstrap instead.
     */
    public static void listening(Channel channel, SocketOptions options) {
        if (options.tuning().fastOpen() && channel instanceof EpollServerSocketChannel) {
            channel.config().setOption(EpollChannelOption.TCP_FASTOPEN, FAST_OPEN_QUEUE);
        }
    }

    /** SO_REUSEADDR of a listening socket: on unless the tuning says otherwise. */
    public static boolean reuseAddress(SocketOptions options) {
        Boolean reuse = options.tuning().reuseAddress();
        return reuse == null || reuse;
    }

    @SuppressWarnings("unchecked")
    private static <T> void setRaw(ChannelConfig config, ChannelOption<T> option, Object value) {
        config.setOption(option, (T) value);
    }
}
