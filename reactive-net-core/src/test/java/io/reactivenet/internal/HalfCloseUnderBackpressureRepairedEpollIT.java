package io.reactivenet.internal;

import io.netty.channel.epoll.Epoll;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfCloseUnderBackpressureContract;
import java.net.InetSocketAddress;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The half-close-under-backpressure contract on epoll loops that run {@link EpollRegistrations}:
 * the repair of Netty's lost epoll registration. Binds and connects go through the same internal
 * entry points as {@code Net}, with the loops' resources replaced by {@link EpollLoops}.
 */
class HalfCloseUnderBackpressureRepairedEpollIT extends HalfCloseUnderBackpressureContract {

    static final LoopResources REPAIRED = EpollLoops.wrap(LoopResources.create("repaired-nio", 1, 1, true, false),
            "repaired", 1, true);

    @BeforeAll
    static void epoll() {
        Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is not available here");
    }

    @AfterAll
    static void close() {
        REPAIRED.disposeLater().block(TIMEOUT);
    }

    @Override
    protected TransportFixture transport() {
        return new TransportFixture() {
            @Override
            public String name() {
                return "tcp 127.0.0.1 on repaired epoll";
            }

            @Override
            public Mono<ListeningServer> listen(ServerOptions options,
                    Function<? super NetSocket, ? extends Publisher<Void>> handler) {
                return ServerImpl.listen(options, handler, new BindSpec(() -> new InetSocketAddress("127.0.0.1", 0), 511,
                        false, true, false, null, null, null, "127.0.0.1", 0, r -> REPAIRED));
            }

            @Override
            public Mono<NetSocket> connect(ListeningServer server, ConnectOptions base) {
                return Connector.open(() -> new InetSocketAddress("127.0.0.1", server.address().port()), null, false,
                        true, r -> REPAIRED, base);
            }
        };
    }

    /** Twenty more runs of the contract in a row (Netty's own epoll loses bytes in about half of them). */
    @RepeatedTest(20)
    void twentyRunsInARow() {
        everyEchoedByteArrivesBeforeTheEnd();
    }
}
