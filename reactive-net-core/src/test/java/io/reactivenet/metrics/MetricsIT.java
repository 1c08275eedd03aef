package io.reactivenet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivenet.BlockList;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * The server and client meters over real loopback sockets: N echo connections, M dropped by
 * maxConnections, K blocked by the BlockList, each meter with its exact count and sum.
 */
class MetricsIT {

    private static final Duration T = Duration.ofSeconds(10);
    private static final int N = 4;
    private static final int M = 3;
    private static final int K = 2;

    @Test
    void everyMeterCountsExactly() {
        MeterRegistry registry = new SimpleMeterRegistry();
        BlockList blocked = new BlockList();
        blocked.addAddress("127.0.0.2");
        List<NetSocket> accepted = new CopyOnWriteArrayList<>();
        ListeningServer server = Net.createServer(
                // Node's default allowHalfOpen=false: the peer's FIN auto-ends the echo, with no error counted.
                ServerOptions.defaults().maxConnections(N).blockList(blocked).metrics(registry),
                s -> {
                    accepted.add(s);
                    return s.send(s.inbound());
                }).listen(0, "127.0.0.1").block(T);
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        Disposable watch = server.events().subscribe(events::add);
        ConnectOptions to = ConnectOptions.to("127.0.0.1", server.address().port()).metrics(registry);
        List<NetSocket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < N; i++) {
                clients.add(Net.connect(to).block(T));
            }
            Await.until(N + " accepted", T, () -> server.connectionCount() == N);
            assertThat(gauge(registry, "reactivenet.server.connections.active")).isEqualTo(N);
            List<NetSocket> refused = new ArrayList<>();
            for (int i = 0; i < M; i++) {
                refused.add(Net.connect(to).block(T));
            }
            for (int i = 0; i < K; i++) {
                refused.add(Net.connect(to.localAddress("127.0.0.2")).block(T));
            }
            for (NetSocket r : refused) {
                r.inbound().subscribe(null, e -> { });
                assertThat(r.onClose().block(T)).isNotNull();
            }
            Await.until("drop and blocked events", T, () -> events.stream()
                    .filter(e -> e instanceof ServerEvent.Drop || e instanceof ServerEvent.Blocked).count() == M + K);
            long sent = 0;
            for (int i = 0; i < N; i++) {
                NetSocket c = clients.get(i);
                String msg = "echo number " + i + " " + "x".repeat(i * 1000);
                sent += msg.length();
                StepVerifier.create(c.inbound().map(Bytes::utf8).reduce("", String::concat))
                        .then(() -> c.end(java.nio.ByteBuffer.wrap(msg.getBytes())).subscribe())
                        .expectNext(msg)
                        .verifyComplete();
            }
            clients.forEach(c -> c.onClose().block(T));
            Await.until("every server socket closed", T, () -> server.connectionCount() == 0);
            assertThat(gauge(registry, "reactivenet.server.connections.active")).isZero();
            assertThat(counter(registry, "reactivenet.server.connections.total")).isEqualTo(N);
            assertThat(counter(registry, "reactivenet.server.connections.dropped")).isEqualTo(M);
            assertThat(counter(registry, "reactivenet.server.connections.blocked")).isEqualTo(K);
            DistributionSummary in = registry.get("reactivenet.server.data.received").tag("transport", "tcp").summary();
            DistributionSummary out = registry.get("reactivenet.server.data.sent").summary();
            assertThat(in.totalAmount()).isEqualTo(sent)
                    .isEqualTo(accepted.stream().mapToLong(NetSocket::bytesRead).sum());
            assertThat(out.totalAmount()).isEqualTo(sent)
                    .isEqualTo(accepted.stream().mapToLong(NetSocket::bytesWritten).sum());
            assertThat(registry.get("reactivenet.client.data.sent").summary().totalAmount()).isEqualTo(sent);
            assertThat(registry.get("reactivenet.client.data.received").summary().totalAmount()).isEqualTo(sent);
            assertThat(registry.get("reactivenet.client.connect.time").tag("status", "SUCCESS").timer().count())
                    .isEqualTo(N + M + K);
            assertThat(registry.get("reactivenet.client.connect.attempts").tag("outcome", "success").counter().count())
                    .isEqualTo(N + M + K);
            assertThat(gauge(registry, "reactivenet.client.connections.active")).isZero();
            assertThat(registry.find("reactivenet.server.errors").meters()).extracting(m -> m.getId().getTag("code") + "=" + m.measure().iterator().next().getValue()).isEmpty();
        } finally {
            watch.dispose();
            clients.forEach(NetSocket::destroy);
            server.closeNow().block(T);
        }
    }

    @Test
    void aRefusedConnectIsTimedWithItsCode() {
        MeterRegistry registry = new SimpleMeterRegistry();
        ListeningServer server = Net.createServer(s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        int port = server.address().port();
        server.closeNow().block(T);
        StepVerifier.create(Net.connect(ConnectOptions.to("127.0.0.1", port).metrics(registry)))
                .expectError()
                .verify(T);
        assertThat(registry.get("reactivenet.client.connect.time").tag("status", "ECONNREFUSED").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aResetSocketCountsAnErrorWithItsCode() {
        MeterRegistry registry = new SimpleMeterRegistry();
        List<NetSocket> accepted = new CopyOnWriteArrayList<>();
        ListeningServer server = Net.createServer(ServerOptions.defaults().metrics(registry), s -> {
            accepted.add(s);
            return s.send(s.inbound());
        }).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket c = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())).block(T);
            Await.until("accepted", T, () -> accepted.size() == 1);
            c.resetAndDestroy();
            accepted.get(0).onClose().block(T);
            Await.until("error counted", T, () -> registry.find("reactivenet.server.errors").counter() != null);
            assertThat(registry.get("reactivenet.server.errors").tag("code", "ECONNRESET").counter().count())
                    .isEqualTo(1);
        } finally {
            server.closeNow().block(T);
        }
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    private static double counter(MeterRegistry registry, String name) {
        return registry.get(name).counter().count();
    }
}
