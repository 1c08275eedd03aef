package io.reactivenet.internal;

import io.reactivenet.ListenOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.NetException;
import io.reactivenet.NetServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.internal.spi.ServerEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@link NetServer} for TCP: turns {@link ListenOptions} into a {@link ServerEndpoint}. */
public final class NetServerImpl implements NetServer {

    private final ServerOptions options;
    private final Function<? super NetSocket, ? extends Publisher<Void>> handler;

    public NetServerImpl(ServerOptions options, Function<? super NetSocket, ? extends Publisher<Void>> handler) {
        this.options = Objects.requireNonNull(options, "options");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public ServerOptions options() {
        return options;
    }

    @Override
    public NetServer handle(Function<? super NetSocket, ? extends Publisher<Void>> handler) {
        return new NetServerImpl(options, handler);
    }

    @Override
    public Mono<ListeningServer> listen(ListenOptions listen) {
        Objects.requireNonNull(listen, "options");
        if (listen.ipv6Only()) {
            return Mono.error(new NetException(NetException.ERR_FEATURE_UNAVAILABLE_ON_PLATFORM,
                    "ipv6Only is not available: neither the JDK nor Netty expose IPV6_V6ONLY"));
        }
        String host = listen.host();
        Mono<InetSocketAddress> address = host == null
                ? Mono.just(new InetSocketAddress(listen.port()))
                : Mono.fromCallable(() -> new InetSocketAddress(InetAddress.getByName(host), listen.port()))
                        .subscribeOn(Schedulers.boundedElastic())
                        .onErrorMap(e -> Errors.translate(e, "getaddrinfo", host, -1));
        return address.flatMap(bindTo -> ServerImpl.listen(options, handler,
                ServerEndpoint.tcp(() -> bindTo, host == null ? "::" : host, listen.port())
                        .backlog(listen.backlog())
                        .reusePort(listen.reusePort())));
    }
}
