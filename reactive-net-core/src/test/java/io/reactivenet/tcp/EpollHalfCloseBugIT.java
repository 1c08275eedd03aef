package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfCloseUnderBackpressureContract;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Why NIO is our default transport, kept as evidence: on Netty 4.2.17's epoll the
 * half-close-under-backpressure contract loses bytes. When this test fails, Netty has fixed the
 * bug: consider letting {@link Transport#AUTO} choose epoll again.
 */
class EpollHalfCloseBugIT {

    static final NetLoops EPOLL = NetLoops.create("epoll-evidence", 1,
            Transport.EPOLL.isAvailable() ? Transport.EPOLL : Transport.NIO);

    @AfterAll
    static void close() {
        EPOLL.disposeLater().block(HalfCloseUnderBackpressureContract.TIMEOUT);
    }

    /** The contract on epoll loops. */
    static final class OnEpoll extends HalfCloseUnderBackpressureContract {
        @Override
        protected TransportFixture transport() {
            TransportFixture tcp = TransportFixture.tcp("127.0.0.1");
            return new TransportFixture() {
                @Override
                public String name() {
                    return "tcp 127.0.0.1 on epoll";
                }

                @Override
                public Mono<ListeningServer> listen(ServerOptions options,
                        Function<? super NetSocket, ? extends Publisher<Void>> handler) {
                    return tcp.listen(options.loops(EPOLL), handler);
                }

                @Override
                public Mono<NetSocket> connect(ListeningServer server, ConnectOptions base) {
                    return tcp.connect(server, base.loops(EPOLL));
                }
            };
        }
    }

    @Test
    void epollStillLosesWritesAfterTheFin() {
        Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        OnEpoll contract = new OnEpoll();
        int lost = 0;
        for (int i = 0; i < 5; i++) {
            try {
                contract.everyEchoedByteArrivesBeforeTheEnd();
            } catch (AssertionError expected) {
                lost++;
            }
        }
        assertThat(lost).as("runs out of 5 in which epoll lost echoed bytes (0: Netty fixed its epoll bug)")
                .isPositive();
    }
}
