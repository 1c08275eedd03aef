package io.reactivenet.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.reactivenet.internal.EpollRegistrationsIT;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opt-in evidence, not a test of ours: it runs only under {@code -Pupstream-evidence}
 * ({@code mvn -Pupstream-evidence -pl reactive-net-core -am verify}), never in the default suite.
 *
 * <p>Netty 4.2.17's epoll drops a socket's fd from the epoll set once no event is of interest (the
 * peer's FIN read, nothing queued), keeps the registration marked as added, and the next
 * {@code epoll_ctl(EPOLL_CTL_MOD)} fails with ENOENT; Netty then shuts the output down and the queued
 * reply is lost. {@code EpollRegistrationsIT} runs the same scenario on our repaired loops
 * ({@code internal.EpollRegistrations}, which every {@code Transport.EPOLL} group uses). When this test
 * fails, Netty has fixed the bug and the repair can go.
 */
class EpollHalfCloseEvidenceIT {

    @Test
    void nettysOwnEpollStillLosesAWriteAfterThePeersFin() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("netty-epoll", true),
                EpollIoHandler.newFactory());
        try {
            EpollRegistrationsIT.Outcome outcome = EpollRegistrationsIT.writeAfterThePeersFin(group);
            assertThat(outcome.read() < 16 << 20 || outcome.failure() != null)
                    .as("Netty's epoll lost the write (false: Netty fixed its epoll bug)").isTrue();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
