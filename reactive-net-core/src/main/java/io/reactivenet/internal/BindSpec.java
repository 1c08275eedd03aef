package io.reactivenet.internal;

import java.net.SocketAddress;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Everything {@link ServerImpl} needs to bind, whatever the address family: the TCP front
 * ({@code NetServer.listen}) and the IPC module both describe their bind with one of these.
 *
 * @param address       what to bind (an {@code InetSocketAddress}, or a domain socket address of the
 *                      type the chosen transport wants)
 * @param backlog       SO_BACKLOG
 * @param reusePort     SO_REUSEPORT
 * @param preferNative  native transport (epoll) or NIO; null: the loops' own preference
 * @param domain        a Unix domain socket (no TCP options)
 * @param path          the path or abstract name reported by {@code ListeningServer.path()}
 * @param afterUnbind   runs once the listening channel has closed (e.g. removes a socket file)
 * @param beforeBind    runs before binding (e.g. stale socket checks); may fail the listen
 * @param loopResources decorates the loops' {@code LoopResources} for this bind, e.g. to choose the
 *                      channel classes (the IPC module's half-closing NIO domain channels); null: as is
 */
public record BindSpec(Supplier<? extends SocketAddress> address, int backlog, boolean reusePort,
        @Nullable Boolean preferNative, boolean domain, @Nullable String path, @Nullable Runnable afterUnbind,
        @Nullable Supplier<Mono<Void>> beforeBind, @Nullable String host, int port,
        @Nullable UnaryOperator<LoopResources> loopResources) {

    /** A bind on the loops' own resources. */
    public BindSpec(Supplier<? extends SocketAddress> address, int backlog, boolean reusePort,
            @Nullable Boolean preferNative, boolean domain, @Nullable String path, @Nullable Runnable afterUnbind,
            @Nullable Supplier<Mono<Void>> beforeBind, @Nullable String host, int port) {
        this(address, backlog, reusePort, preferNative, domain, path, afterUnbind, beforeBind, host, port, null);
    }
}
