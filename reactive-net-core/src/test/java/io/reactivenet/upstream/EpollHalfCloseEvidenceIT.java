package io.reactivenet.upstream;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Opt-in evidence, not a test of ours: it runs only under {@code -Pupstream-evidence}
 * ({@code mvn -Pupstream-evidence -pl reactive-net-core -am verify}), never in the default suite.
 *
 * <p>Evidence of Netty 4.2.17's epoll bug, on Netty's own epoll loops: a socket whose peer has ended
 * and that has no epoll interest left is taken out of the epoll set, but Netty still modifies its
 * registration ({@code epoll_ctl(EPOLL_CTL_MOD)} fails with ENOENT), and shuts the output down. A
 * half-open server replying after the peer's end with more than the socket buffers hold loses the
 * reply. {@code internal.EpollRegistrations} repairs it ({@code ReplyAfterPeerEndIT} runs this
 * scenario on the repaired loops). When this test fails, Netty has fixed the bug.
 *
 * <p>(The half-close-under-backpressure contract lost bytes on epoll too, but that was ours: the
 * automatic end wrote the FIN before bytes a sender had coalesced.)
 */
class EpollHalfCloseEvidenceIT {

    static final Duration T = Duration.ofSeconds(30);
    static final NetLoops EPOLL = NetLoops.create("epoll-evidence", 1, true);

    @AfterAll
    static void close() {
        EPOLL.disposeLater().block(T);
    }

    @Test
    void epollStillLosesAReplyWrittenAfterThePeersEnd() {
        Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        int reply = 16 << 20;
        int lost = 0;
        for (int i = 0; i < 5; i++) {
            ListeningServer server = Net.createServer(ServerOptions.defaults().allowHalfOpen(true).loops(EPOLL),
                    s -> s.inbound().then(Mono.delay(Duration.ofMillis(20)))
                            .then(Mono.defer(() -> s.write(ByteBuffer.allocate(reply))))
                            .then(s.end())
                            .onErrorResume(e -> Mono.fromRunnable(s::destroy)))
                    .listen(0, "127.0.0.1").block(T);
            try {
                NetSocket client = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port()).loops(EPOLL))
                        .block(T);
                Long received = client.write(new byte[10]).then(client.end())
                        .then(client.inbound().map(b -> (long) b.remaining()).reduce(0L, Long::sum))
                        .onErrorReturn(-1L)
                        .block(T);
                if (received == null || received != reply) {
                    lost++;
                }
            } finally {
                server.closeNow().block(T);
            }
        }
        assertThat(lost).as("runs out of 5 in which epoll lost the reply (0: Netty fixed its epoll bug)").isPositive();
    }
}
