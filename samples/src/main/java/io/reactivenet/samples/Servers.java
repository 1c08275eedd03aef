package io.reactivenet.samples;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetLoops;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import reactor.core.publisher.Mono;

/** What every sample server does around its handler: announce, wait for a signal, close in bounded time. */
final class Servers {

    /** How long a graceful close may wait for open connections before they are cut. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private Servers() {
    }

    /**
     * Server options on {@code transport}: the default loops for AUTO (epoll, else NIO),
     * else a group of one loop per core on that transport, which lives as long as the process.
     */
    static ServerOptions on(Transport transport, String name) {
        return transport == Transport.AUTO ? ServerOptions.defaults()
                : ServerOptions.defaults().loops(NetLoops.create(name, NetLoops.DEFAULT_THREADS, transport));
    }

    /** The one line tools wait for: {@code listening on <host>:<port>} or {@code listening on <path>}. */
    static void announce(ListeningServer server) {
        String where;
        if (server.path() != null) {
            where = server.path();
        } else {
            SocketAddress a = server.address();
            where = (a.family().equals("ipv6") ? "[" + a.address() + "]" : a.address()) + ":" + a.port();
        }
        System.out.println("listening on " + where);
        System.out.flush();
    }

    /**
     * Waits for SIGINT or SIGTERM, runs {@code beforeClose} (e.g. say goodbye), then closes the
     * server gracefully: stop accepting, let open connections finish for at most {@link #GRACE},
     * then destroy the rest. Returns the exit status, 0.
     */
    static int awaitStopThenClose(ListeningServer server, CountDownLatch stop, Runnable beforeClose)
            throws InterruptedException {
        stop.await();
        Mono<Void> closed = server.close().onErrorResume(e -> Mono.empty()).cache();
        closed.subscribe();             // stop accepting now
        beforeClose.run();
        try {
            closed.block(GRACE);
        } catch (IllegalStateException timedOut) {
            // Connections that did not finish in time (a client that never ends its side) are cut.
            server.closeNow().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(1));
        }
        return 0;
    }
}
