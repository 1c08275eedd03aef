package io.reactivenet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.SocketTuning;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Live maxConnections, and the cap on address-tag cardinality. */
class ControlIT {

    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void maxConnectionsChangesWhileListening() {
        List<ServerEvent.Drop> drops = new CopyOnWriteArrayList<>();
        ListeningServer server = Net.createServer(s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        Disposable watch = server.events().ofType(ServerEvent.Drop.class).subscribe(drops::add);
        ConnectOptions to = ConnectOptions.to("127.0.0.1", server.address().port());
        try {
            assertThat(server.maxConnections()).isEqualTo(Integer.MAX_VALUE);
            NetSocket first = Net.connect(to).block(T);
            Await.until("first accepted", T, () -> server.connectionCount() == 1);
            server.maxConnections(1);
            NetSocket second = Net.connect(to).block(T);
            second.inbound().subscribe(null, e -> { });
            assertThat(second.onClose().block(T)).as("dropped at the lowered limit").isNotNull();
            Await.until("drop event", T, () -> drops.size() == 1);
            server.maxConnections(2);
            NetSocket third = Net.connect(to).block(T);
            StepVerifier.create(third.inbound().map(Bytes::utf8).take(1))
                    .then(() -> third.write("raised").subscribe())
                    .expectNext("raised")
                    .verifyComplete();
            assertThat(drops).hasSize(1);
            assertThat(server.connectionCount()).isEqualTo(2);
            assertThatThrownBy(() -> server.maxConnections(-1)).isInstanceOf(NetArgumentException.class);
            first.destroy();
            third.destroy();
        } finally {
            watch.dispose();
            server.closeNow().block(T);
        }
    }

    @Test
    void addressTagsStayUnderTheCap() {
        int connections = 10_000;
        int cap = 50;
        MeterRegistry registry = new SimpleMeterRegistry();
        NetMetrics metrics = NetMetrics.of(registry).remoteAddressTag(true).maxAddressTags(cap);
        ListeningServer server = Net.createServer(ServerOptions.defaults().metrics(metrics),
                s -> s.inbound().then()).listen(0, "127.0.0.1").block(T);
        // linger 0: the client closes with RST, so 10,000 ports leave no TIME_WAIT behind.
        ConnectOptions to = ConnectOptions.to("127.0.0.1", server.address().port())
                .tuning(SocketTuning.defaults().linger(Duration.ZERO));
        try {
            Set<Integer> ports = Flux.range(0, connections)
                    .flatMap(i -> Net.connect(to).flatMap(s -> {
                        int port = s.localPort();
                        s.write("x").subscribe(null, e -> { });
                        s.destroy();
                        return s.onClose().thenReturn(port);
                    }), 32)
                    .collect(Collectors.toSet())
                    .block(Duration.ofMinutes(2));
            assertThat(ports).hasSizeGreaterThan(cap);
            Await.until("every server socket closed", T, () -> server.connectionCount() == 0);
            List<Meter> tagged = registry.getMeters().stream()
                    .filter(m -> m.getId().getTag("remote.address") != null).toList();
            Set<String> addresses = tagged.stream().map(m -> m.getId().getTag("remote.address"))
                    .collect(Collectors.toSet());
            assertThat(addresses).hasSize(cap);
            // data.received, data.sent and errors{code} per address: 3 names, at most 2 codes seen.
            assertThat(tagged.size()).isLessThanOrEqualTo(cap * 4);
            assertThat(registry.get("reactivenet.server.connections.total").counter().count()).isEqualTo(connections);
        } finally {
            server.closeNow().block(T);
        }
    }
}
