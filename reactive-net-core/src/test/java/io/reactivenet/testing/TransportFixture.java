package io.reactivenet.testing;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * One transport the contract tests run over: TCP on 127.0.0.1, TCP on ::1, and (in the ipc
 * module) Unix domain sockets, each on NIO, epoll and io_uring ({@link TransportLoops}). A contract test class is abstract and takes its transport from a
 * subclass, so one suite runs over every transport.
 */
public interface TransportFixture {

    String name();

    /** Binds a server on a fresh address (port 0, or a new socket file). */
    Mono<ListeningServer> listen(ServerOptions options, Function<? super NetSocket, ? extends Publisher<Void>> handler);

    /** Connects to {@code server}; {@code base} carries the socket options (its host and port are ignored). */
    Mono<NetSocket> connect(ListeningServer server, ConnectOptions base);

    default Mono<NetSocket> connect(ListeningServer server) {
        return connect(server, ConnectOptions.to("localhost", 1));
    }

    /** Whether TCP-only behaviour (ports, families, noDelay) applies. */
    default boolean tcp() {
        return true;
    }

    /**
     * {@code plain} with TLS on both sides: the server presents {@code server}, the client gets
     * {@code client} (trusting the server's CA and naming its certificate's host).
     */
    static TransportFixture tls(TransportFixture plain, io.reactivenet.tls.TlsOptions server,
            io.reactivenet.tls.TlsOptions client) {
        return new TransportFixture() {
            @Override
            public String name() {
                return "tls over " + plain.name();
            }

            @Override
            public Mono<ListeningServer> listen(ServerOptions options,
                    Function<? super NetSocket, ? extends Publisher<Void>> handler) {
                return plain.listen(options.tls(server), handler);
            }

            @Override
            public Mono<NetSocket> connect(ListeningServer s, ConnectOptions base) {
                return plain.connect(s, base.tls(client));
            }

            @Override
            public boolean tcp() {
                return plain.tcp();
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    /** TCP to {@code host} on the loops (and so the transport) of {@code loops}. */
    static TransportFixture tcp(String host, TransportLoops loops) {
        return new TransportFixture() {
            @Override
            public String name() {
                return "tcp " + host + " on " + loops.transport();
            }

            @Override
            public Mono<ListeningServer> listen(ServerOptions options,
                    Function<? super NetSocket, ? extends Publisher<Void>> handler) {
                return Net.createServer(options.loops(loops.loops()), handler).listen(0, host);
            }

            @Override
            public Mono<NetSocket> connect(ListeningServer server, ConnectOptions base) {
                return Net.connect(base.host(host).port(server.address().port()).loops(loops.loops()));
            }
        };
    }

    /** TCP to {@code host} on the default loops ({@link io.reactivenet.Transport#AUTO}). */
    static TransportFixture tcp(String host) {
        return new TransportFixture() {
            @Override
            public String name() {
                return "tcp " + host;
            }

            @Override
            public Mono<ListeningServer> listen(ServerOptions options,
                    Function<? super NetSocket, ? extends Publisher<Void>> handler) {
                return Net.createServer(options, handler).listen(0, host);
            }

            @Override
            public Mono<NetSocket> connect(ListeningServer server, ConnectOptions base) {
                return Net.connect(base.host(host).port(server.address().port()));
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }
}
