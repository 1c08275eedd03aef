package io.reactivenet.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.TransportFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** maxConnections = 3 and 8 clients: 5 Drop events, 5 closed clients, 3 working echoes. */
public abstract class MaxConnectionsContract {

    protected static final Duration T = Duration.ofSeconds(10);

    protected abstract TransportFixture transport();

    @Test
    void connectionsBeyondTheLimitAreDropped() {
        ListeningServer server = transport().listen(ServerOptions.defaults().maxConnections(3),
                s -> s.send(s.inbound())).block(T);
        List<ServerEvent.Drop> drops = new CopyOnWriteArrayList<>();
        Disposable events = server.events().ofType(ServerEvent.Drop.class).subscribe(drops::add);
        List<NetSocket> kept = new ArrayList<>();
        List<NetSocket> dropped = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                kept.add(transport().connect(server).block(T));
            }
            Await.until("3 accepted connections", T, () -> server.connectionCount() == 3);
            for (int i = 0; i < 5; i++) {
                NetSocket c = transport().connect(server).block(T);
                c.inbound().subscribe(null, e -> { });
                dropped.add(c);
            }
            Await.until("5 drop events", T, () -> drops.size() == 5);
            for (NetSocket c : dropped) {
                assertThat(c.onClose().block(T)).as("a dropped client sees its socket closed").isNotNull();
            }
            assertThat(server.connectionCount()).isEqualTo(3);
            for (int i = 0; i < kept.size(); i++) {
                NetSocket c = kept.get(i);
                String msg = "kept " + i;
                StepVerifier.create(c.inbound().map(Bytes::utf8).take(1))
                        .then(() -> c.write(msg).subscribe())
                        .expectNext(msg)
                        .verifyComplete();
            }
            if (transport().tcp()) {
                assertThat(drops).extracting(ServerEvent.Drop::remotePort)
                        .containsExactlyInAnyOrderElementsOf(dropped.stream().map(NetSocket::localPort).toList());
                assertThat(drops).allSatisfy(d -> {
                    assertThat(d.localPort()).isEqualTo(server.address().port());
                    assertThat(d.localAddress()).isEqualTo(server.address().address());
                    assertThat(d.remoteAddress()).isEqualTo(dropped.get(0).localAddress());
                    assertThat(d.localFamily()).isEqualTo(d.remoteFamily()).isIn("IPv4", "IPv6");
                });
            }
        } finally {
            events.dispose();
            kept.forEach(NetSocket::destroy);
            dropped.forEach(NetSocket::destroy);
            server.closeNow().block(T);
        }
    }
}
