package io.reactivenet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import org.jspecify.annotations.Nullable;

/**
 * A half-open server (allowHalfOpen) that replies only after the peer's end, with more than the
 * socket buffers hold: the reply's write needs EPOLLOUT after the peer's FIN left the socket with
 * no epoll interest. On Netty 4.2.17's own epoll loops this write fails every time (the server
 * received 3.9 of 16 MiB in 5 runs out of 5: {@code epoll_ctl(MOD)} ENOENT, then Netty shuts the
 * output down); NIO and epoll with {@link EpollRegistrations} deliver every byte.
 */
class ReplyAfterPeerEndIT {

    static final Duration T = Duration.ofSeconds(30);
    static final int REPLY = 16 << 20;
    static final @Nullable NetLoops REPAIRED = Epoll.isAvailable()
            ? NetLoops.create("reply", 1, io.reactivenet.Transport.EPOLL) : null;

    @AfterAll
    static void close() {
        if (REPAIRED != null) {
            REPAIRED.disposeLater().block(T);
        }
    }

    enum Transport {
        NIO, REPAIRED_EPOLL;

        Mono<ListeningServer> listen(ServerOptions options, Function<? super NetSocket, ? extends Publisher<Void>> h) {
            if (this == NIO) {
                return Net.createServer(options, h).listen(0, "127.0.0.1");
            }
            Assumptions.assumeTrue(REPAIRED != null, "epoll is not available here");
            return Net.createServer(options.loops(REPAIRED), h).listen(0, "127.0.0.1");
        }

        Mono<NetSocket> connect(int port) {
            if (this == NIO) {
                return Net.connect(port, "127.0.0.1");
            }
            return Net.connect(ConnectOptions.to("127.0.0.1", port).loops(REPAIRED));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aLargeReplyAfterThePeersEndArrivesWhole(Transport transport) {
        ListeningServer server = transport.listen(ServerOptions.defaults().allowHalfOpen(true),
                // The reply is made later, as a server computing it would: by then the event loop has
                // handled the FIN and Netty's epoll has emptied the socket's interest set.
                s -> s.inbound().then(Mono.delay(Duration.ofMillis(20)))
                        .then(Mono.defer(() -> s.write(ByteBuffer.allocate(REPLY)))).then(s.end())).block(T);
        try {
            NetSocket client = transport.connect(server.address().port()).block(T);
            Long received = Mono.when(client.write(new byte[10]).then(client.end()))
                    .then(client.inbound().map(b -> (long) b.remaining()).reduce(0L, Long::sum))
                    .block(T);
            assertThat(received).isEqualTo(REPLY);
            assertThat(client.onClose().block(T).hadError()).isFalse();
        } finally {
            server.closeNow().block(T);
        }
    }
}
