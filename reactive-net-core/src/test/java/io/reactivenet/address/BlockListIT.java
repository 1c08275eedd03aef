package io.reactivenet.address;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.BlockList;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** BlockList as a server option (reject at accept) and a client option (fail before any SYN). */
class BlockListIT {

    static final Duration T = Duration.ofSeconds(10);

    @Test
    void serverRejectsBlockedPeersAtAcceptAndRechecksRulesPerConnection() {
        BlockList blockList = new BlockList();
        blockList.addAddress("127.0.0.2");
        AtomicInteger handlerCalls = new AtomicInteger();
        ListeningServer server = Net.createServer(ServerOptions.defaults().blockList(blockList), s -> {
            handlerCalls.incrementAndGet();
            return s.send(s.inbound());
        }).listen(0, "127.0.0.1").block(T);
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        Disposable sub = server.events().subscribe(events::add);
        int port = server.address().port();
        try {
            NetSocket blocked = Net.connect(ConnectOptions.to("127.0.0.1", port).localAddress("127.0.0.2")).block(T);
            StepVerifier.create(blocked.inbound()).expectComplete().verify(T);
            blocked.onClose().block(T);
            Await.until("a Blocked event", T, () -> events.stream().anyMatch(e -> e instanceof ServerEvent.Blocked));
            ServerEvent.Blocked event = events.stream().filter(e -> e instanceof ServerEvent.Blocked)
                    .map(ServerEvent.Blocked.class::cast).findFirst().orElseThrow();
            assertThat(event.remote().address()).isEqualTo("127.0.0.2");
            assertThat(event.remote().port()).isEqualTo(blocked.localPort());
            assertThat(handlerCalls).hasValue(0);
            assertThat(blocked.bytesRead()).isZero();

            NetSocket allowed = Net.connect(port, "127.0.0.1").block(T);
            StepVerifier.create(allowed.inbound().map(Bytes::utf8).take(1))
                    .then(() -> allowed.write("ping").subscribe())
                    .expectNext("ping")
                    .verifyComplete();
            assertThat(handlerCalls).hasValue(1);

            blockList.addAddress("127.0.0.1");                                 // while the server runs
            NetSocket now = Net.connect(port, "127.0.0.1").block(T);
            StepVerifier.create(now.inbound()).expectComplete().verify(T);
            Await.until("a second Blocked event", T,
                    () -> events.stream().filter(e -> e instanceof ServerEvent.Blocked).count() == 2);
            assertThat(handlerCalls).hasValue(1);
            assertThat(events).noneMatch(e -> e instanceof ServerEvent.Connection c && c.socket().remotePort() == now.localPort());
            allowed.destroy();
        } finally {
            sub.dispose();
            server.closeNow().block(T);
        }
    }

    @Test
    void clientRefusesBlockedDestinationsBeforeAnySyn() {
        ListeningServer server = Net.createServer(s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        Disposable sub = server.events().subscribe(events::add);
        try {
            BlockList blockList = new BlockList();
            blockList.addSubnet("127.0.0.0", 8);
            StepVerifier.create(Net.connect(ConnectOptions.to("127.0.0.1", server.address().port()).blockList(blockList)))
                    .expectErrorSatisfies(e -> {
                        assertThat(((NetException) e).code()).isEqualTo("ERR_IP_BLOCKED");
                        assertThat(e.getMessage()).contains("127.0.0.1");
                    })
                    .verify(T);
            // A connection that is allowed goes through; the blocked one never reached the server.
            NetSocket ok = Net.connect(server.address().port(), "127.0.0.1").block(T);
            Await.until("the allowed connection", T, () -> events.stream().anyMatch(e -> e instanceof ServerEvent.Connection));
            assertThat(events).filteredOn(e -> e instanceof ServerEvent.Connection).hasSize(1);
            assertThat(server.connectionCount()).isEqualTo(1);
            ok.destroy();
        } finally {
            sub.dispose();
            server.closeNow().block(T);
        }
    }
}
