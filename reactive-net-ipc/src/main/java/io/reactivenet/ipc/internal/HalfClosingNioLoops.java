package io.reactivenet.ipc.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.ServerDomainSocketChannel;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The same loops, but Unix domain channels on NIO are our half-closing ones instead of Netty's
 * {@code NioDomainSocketChannel}/{@code NioServerDomainSocketChannel}. Used only for binds and
 * connects that chose NIO. It does not own the loops: disposing it disposes nothing.
 */
final class HalfClosingNioLoops implements LoopResources {

    private final LoopResources loops;

    private HalfClosingNioLoops(LoopResources loops) {
        this.loops = loops;
    }

    static LoopResources wrap(LoopResources loops) {
        return loops instanceof HalfClosingNioLoops ? loops : new HalfClosingNioLoops(loops);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <CHANNEL extends Channel> CHANNEL onChannel(Class<CHANNEL> channelType, EventLoopGroup group) {
        if (channelType == DomainSocketChannel.class) {
            return (CHANNEL) new HalfClosingNioDomainSocketChannel();
        }
        if (channelType == ServerDomainSocketChannel.class) {
            return (CHANNEL) new HalfClosingNioServerDomainSocketChannel();
        }
        return loops.onChannel(channelType, group);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <CHANNEL extends Channel> Class<? extends CHANNEL> onChannelClass(Class<CHANNEL> channelType,
            EventLoopGroup group) {
        if (channelType == DomainSocketChannel.class) {
            return (Class<? extends CHANNEL>) (Class<?>) HalfClosingNioDomainSocketChannel.class;
        }
        if (channelType == ServerDomainSocketChannel.class) {
            return (Class<? extends CHANNEL>) (Class<?>) HalfClosingNioServerDomainSocketChannel.class;
        }
        return loops.onChannelClass(channelType, group);
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return loops.onServer(useNative);
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return loops.onClient(useNative);
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
        return loops.onServerSelect(useNative);
    }

    @Override
    public boolean daemon() {
        return loops.daemon();
    }

    @Override
    public boolean isDisposed() {
        return loops.isDisposed();
    }

    @Override
    public void dispose() {
        // Not ours to dispose.
    }

    @Override
    public Mono<Void> disposeLater() {
        return Mono.empty();
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return Mono.empty();
    }
}
