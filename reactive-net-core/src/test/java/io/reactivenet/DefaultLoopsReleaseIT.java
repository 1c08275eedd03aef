package io.reactivenet;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.internal.ProcessRef;
import io.reactivenet.testing.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A listen or connect cancelled right after subscribing gives its use of the default loops back
 * ({@link NetLoops#defaultUsers()} returns to 0), whichever side wins the race between the cancel
 * and the bind or connect. When the bind or connect won, the server or socket reached the
 * subscriber before its cancel (a terminated subscriber does not cancel): it is the subscriber's,
 * and the test closes it, as its owner must. Each round starts from a released default group, so a
 * use that is never given back fails that round.
 */
class DefaultLoopsReleaseIT {

    private static final int ROUNDS = 300;
    private static final Duration T = Duration.ofSeconds(5);

    /** Own loops for the peer server, so that only the code under test uses the default group. */
    private static NetLoops peerLoops;

    @BeforeAll
    static void loops() {
        peerLoops = NetLoops.create("release-peer", 1);
    }

    @AfterAll
    static void disposeLoops() {
        peerLoops.disposeLater().block(T);
    }

    @Test
    void cancelledListenGivesTheDefaultLoopsBack() {
        int port = freePort();
        for (int i = 0; i < ROUNDS; i++) {
            AtomicReference<@Nullable ListeningServer> won = new AtomicReference<>();
            Disposable listen = Net.createServer(s -> Mono.empty()).listen(port, "127.0.0.1").subscribe(won::set);
            listen.dispose();
            awaitReleased("the cancelled listen " + i, () -> {
                ListeningServer server = won.getAndSet(null);
                if (server != null) {
                    server.closeNow().subscribe();
                }
            });
        }
    }

    @Test
    void cancelledConnectGivesTheDefaultLoopsBack() {
        ListeningServer peer = Net.createServer(ServerOptions.defaults().loops(peerLoops), s -> Mono.empty())
                .listen(0, "127.0.0.1").block(T);
        try {
            int port = peer.address().port();
            for (int i = 0; i < ROUNDS; i++) {
                AtomicReference<@Nullable NetSocket> won = new AtomicReference<>();
                Disposable connect = Net.connect(port, "127.0.0.1").subscribe(won::set);
                connect.dispose();
                awaitReleased("the cancelled connect " + i, 1, () -> { // 1: the peer
                    NetSocket socket = won.getAndSet(null);
                    if (socket != null) {
                        socket.destroy();
                    }
                });
            }
        } finally {
            peer.closeNow().block(T);
        }
    }

    @Test
    void cancelledRefusedConnectGivesTheDefaultLoopsBack() {
        int port = freePort();
        for (int i = 0; i < ROUNDS; i++) {
            Net.connect(port, "127.0.0.1").subscribe(s -> s.destroy(), e -> { }).dispose();
            awaitReleased("the cancelled refused connect " + i, () -> { });
        }
    }

    /** A port nothing listens on: bound once on the peer loops, then closed. */
    private static int freePort() {
        ListeningServer probe = Net.createServer(ServerOptions.defaults().loops(peerLoops), s -> Mono.empty())
                .listen(0, "127.0.0.1").block(T);
        int port = probe.address().port();
        probe.closeNow().block(T);
        assertThat(NetLoops.defaultUsers()).isZero();
        return port;
    }

    /**
     * Waits (bounded) until no use of the default group is left and only {@code expectedRefs}
     * servers and sockets are ref'd, running {@code closeOwned} meanwhile.
     */
    private static void awaitReleased(String what, Runnable closeOwned) {
        awaitReleased(what, 0, closeOwned);
    }

    private static void awaitReleased(String what, int expectedRefs, Runnable closeOwned) {
        Await.until("the default loops to be released after " + what, T, () -> {
            closeOwned.run();
            return NetLoops.defaultUsers() == 0;
        });
        // A server left ref'd (open, or never closed) would keep the JVM alive.
        Await.until("nothing ref'd after " + what, T, () -> ProcessRef.refs() == expectedRefs);
    }
}
