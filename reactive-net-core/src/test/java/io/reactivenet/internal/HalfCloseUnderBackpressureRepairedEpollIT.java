package io.reactivenet.internal;

import io.netty.channel.epoll.Epoll;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfCloseUnderBackpressureContract;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import org.jspecify.annotations.Nullable;

/**
 * The half-close-under-backpressure contract on {@link Transport#EPOLL} loops, which run
 * {@link EpollRegistrations}: the repair of Netty's lost epoll registration.
 */
class HalfCloseUnderBackpressureRepairedEpollIT extends HalfCloseUnderBackpressureContract {

    static final @Nullable NetLoops REPAIRED = Epoll.isAvailable() ? NetLoops.create("repaired", 1, Transport.EPOLL) : null;

    @BeforeAll
    static void epoll() {
        Assumptions.assumeTrue(REPAIRED != null, "epoll is not available here");
    }

    @AfterAll
    static void close() {
        if (REPAIRED != null) {
            REPAIRED.disposeLater().block(TIMEOUT);
        }
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
                return Net.createServer(options.loops(REPAIRED), handler).listen(0, "127.0.0.1");
            }

            @Override
            public Mono<NetSocket> connect(ListeningServer server, ConnectOptions base) {
                return Net.connect(base.port(server.address().port()).host("127.0.0.1").loops(REPAIRED));
            }
        };
    }

    /** Twenty more runs of the contract in a row (Netty's own epoll loses bytes in about half of them). */
    @RepeatedTest(20)
    void twentyRunsInARow() {
        everyEchoedByteArrivesBeforeTheEnd();
    }
}
