package io.reactivenet.internal.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.reactivenet.tls.KeyMaterial;
import io.reactivenet.tls.TlsOptions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A server's TLS settings, swappable while it listens (Node's {@code server.setSecureContext}):
 * each accepted connection takes the settings current at its accept, so a swap changes new
 * connections only. Settings are built into contexts before they are swapped in, so a bad update
 * fails and leaves the old settings serving. Thread-safe.
 */
public final class ServerTls {

    /** Built settings: the default context and one per SNI name. */
    private record State(TlsOptions options, SslContext context, Map<String, SslContext> sni) {
    }

    /** Replaced whole by update (volatile: read by accepting loops, written by the updater). */
    private volatile State state;

    private ServerTls(State state) {
        this.state = state;
    }

    /** Builds the contexts of {@code options}; throws a NetException when they are invalid. */
    public static ServerTls of(TlsOptions options) {
        return new ServerTls(build(options));
    }

    private static State build(TlsOptions options) {
        SslContext context = TlsContexts.server(options);
        Map<String, SslContext> sni = new HashMap<>();
        for (Map.Entry<String, KeyMaterial> e : options.sni().entrySet()) {
            sni.put(e.getKey().toLowerCase(Locale.ROOT), TlsContexts.server(options, e.getValue()));
        }
        return new State(options, context, Map.copyOf(sni));
    }

    /** Node's {@code setSecureContext}: true when swapped in, false when {@code options} is already current. */
    public Mono<Boolean> update(TlsOptions options) {
        return Mono.fromCallable(() -> {
            if (state.options == options) {
                return false;
            }
            state = build(options);
            return true;
        });
    }

    /** The handshake timeout of the current settings, for a connection accepted now. */
    long handshakeTimeoutMillis() {
        return state.options.handshakeTimeout().toMillis();
    }

    ChannelHandler newHandler(Channel channel) {
        State s = state;
        long timeout = s.options.handshakeTimeout().toMillis();
        if (s.sni.isEmpty() && s.options.sniResolver() == null) {
            return Tls.configure(s.context.newHandler(channel.alloc()), s.options);
        }
        return new SniHandler(new Mapping(s), 0, timeout) {
            @Override
            protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
                // the server's timeouts hold for every SNI name (and the resolver's answers)
                return Tls.configure(super.newSslHandler(context, allocator), s.options);
            }
        };
    }

    /** SNI: the resolver's answer, else the map (exact, then one-label wildcard), else the default. */
    private static final class Mapping implements AsyncMapping<String, SslContext> {
        private final State state;

        Mapping(State state) {
            this.state = state;
        }

        @Override
        public Future<SslContext> map(@Nullable String host, Promise<SslContext> promise) {
            var resolver = state.options.sniResolver();
            if (host == null) {
                return promise.setSuccess(state.context);
            }
            if (resolver != null) {
                // Bounded by the handshake timeout: the SniHandler holds the ClientHello's buffer until
                // the promise completes, so a resolver that never answers must not leave it pending
                // (the connection itself is closed by TlsWatch's timer, which started earlier).
                Mono<SslContext> answer = Mono.defer(() -> resolver.apply(host)).map(TlsContexts::server)
                        .defaultIfEmpty(state.context);
                long timeout = state.options.handshakeTimeout().toMillis();
                if (timeout > 0) {
                    answer = answer.timeout(java.time.Duration.ofMillis(timeout));
                }
                answer.subscribe(promise::trySuccess, promise::tryFailure);
                return promise;
            }
            return promise.setSuccess(lookup(host.toLowerCase(Locale.ROOT)));
        }

        private SslContext lookup(String host) {
            SslContext exact = state.sni.get(host);
            if (exact != null) {
                return exact;
            }
            int dot = host.indexOf('.');
            SslContext wild = dot > 0 ? state.sni.get("*" + host.substring(dot)) : null;
            return wild != null ? wild : state.context;
        }
    }
}
