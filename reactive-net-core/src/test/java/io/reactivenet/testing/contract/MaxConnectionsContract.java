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

/**
 * maxConnections = 3 and 8 clients: 5 Drop events, 5 closed clients, 3 working echoes. And the
 * events' buffer before a subscriber: Drops past it are not built, yet every Drop a subscriber can
 * see is there.
 */
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

    /**
     * Nobody subscribed: the Listening event and the first 255 Drops fill the buffer of 256 (the
     * rest are thrown away, and from then on not even built, see ServerImpl.dropAtAccept). A
     * subscriber gets those 256, then every later Drop; once it leaves, Drops are buffered again for
     * the next one.
     */
    @Test
    void dropsAreBufferedForTheFirstSubscriberAndDeliveredAfterIt() {
        ListeningServer server = transport().listen(ServerOptions.defaults().maxConnections(0),
                s -> s.send(s.inbound())).block(T);
        List<ServerEvent> seen = new CopyOnWriteArrayList<>();
        Disposable first = null;
        Disposable second = null;
        try {
            for (int i = 0; i < 300; i++) {
                dropOne(server);
            }
            first = server.events().subscribe(seen::add);
            Await.until("the 256 buffered events", T, () -> seen.size() == 256);
            assertThat(seen.get(0)).isInstanceOf(ServerEvent.Listening.class);
            assertThat(seen.subList(1, 256)).allMatch(ServerEvent.Drop.class::isInstance);
            dropOne(server);
            Await.until("a Drop after the subscriber came", T, () -> seen.size() == 257);
            assertThat(seen.get(256)).isInstanceOf(ServerEvent.Drop.class);
            first.dispose();
            dropOne(server);
            List<ServerEvent> next = new CopyOnWriteArrayList<>();
            second = server.events().subscribe(next::add);
            Await.until("the Drop buffered while nobody listened", T, () -> next.size() == 1);
            assertThat(next.get(0)).isInstanceOf(ServerEvent.Drop.class);
            assertThat(seen).hasSize(257);
        } finally {
            if (first != null) {
                first.dispose();
            }
            if (second != null) {
                second.dispose();
            }
            server.closeNow().block(T);
        }
    }

    /** One connection, dropped by the server: returns once the client saw it closed. */
    private void dropOne(ListeningServer server) {
        NetSocket c = transport().connect(server).block(T);
        c.inbound().subscribe(null, e -> { });
        assertThat(c.onClose().block(T)).as("a dropped client sees its socket closed").isNotNull();
        c.destroy();
    }
}
