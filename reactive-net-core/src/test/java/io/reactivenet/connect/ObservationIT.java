package io.reactivenet.connect;

import static io.reactivenet.connect.HappyEyeballsIT.fixed;
import static io.reactivenet.connect.HappyEyeballsIT.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.reactivenet.BlockList;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.connect.ConnectFixtures.BlackHole;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.TlsFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.util.context.Context;

/**
 * Micrometer Observation of connects (the whole connect, the lookup, each Happy Eyeballs attempt),
 * TLS handshakes and server accepts, with the names, keys and outcomes of docs/observability.md,
 * recorded in a {@link TestObservationRegistry} (which also checks every observation was started
 * once and stopped once).
 */
class ObservationIT {

    private static final Duration T = Duration.ofSeconds(20);

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    /** Contexts in the order their observations stopped. */
    private final Queue<Observation.Context> stopped = new ConcurrentLinkedQueue<>();
    /** "remote.address event-name" per observation event. */
    private final Queue<String> events = new ConcurrentLinkedQueue<>();
    private final List<ListeningServer> servers = new ArrayList<>();

    ObservationIT() {
        registry.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public void onEvent(Observation.Event event, Observation.Context context) {
                events.add(high(context, "remote.address") + " " + event.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
    }

    @AfterEach
    void close() {
        servers.forEach(s -> s.closeNow().block(T));
    }

    ListeningServer listen(ServerOptions options, String host, int port) {
        ListeningServer server = Net.createServer(options, s -> s.send(s.inbound())).listen(port, host).block(T);
        servers.add(server);
        return server;
    }

    List<Observation.Context> named(String name) {
        return stopped.stream().filter(c -> c.getName().equals(name)).toList();
    }

    static String low(Observation.Context c, String key) {
        return Objects.requireNonNull(c.getLowCardinalityKeyValue(key), key + " on " + c.getName()).getValue();
    }

    static String high(Observation.Context c, String key) {
        return Objects.requireNonNull(c.getHighCardinalityKeyValue(key), key + " on " + c.getName()).getValue();
    }

    static Observation.@Nullable ContextView parent(Observation.Context c) {
        ObservationView p = c.getParentObservation();
        return p == null ? null : p.getContextView();
    }

    void awaitStopped(String name, int count) {
        Await.until(count + " " + name + " stopped, have " + named(name).size(), T, () -> named(name).size() == count);
    }

    @Test
    void aRefusedFirstAttemptThenASuccessfulOneMakeTheDocumentedObservations() {
        int port = listen(ServerOptions.defaults(), "127.0.0.1", 0).address().port();
        NetSocket socket = Net.connect(ConnectOptions.to("example.test", port).lookup(fixed("::1", "127.0.0.1"))
                .observations(registry)).block(T);
        socket.destroy();

        Observation.Context connect = named("reactivenet.client.connect").get(0);
        assertThat(low(connect, "outcome")).isEqualTo("success");
        assertThat(low(connect, "code")).isEqualTo("none");
        assertThat(low(connect, "transport")).isEqualTo("tcp");
        assertThat(high(connect, "host")).isEqualTo("example.test");
        assertThat(high(connect, "port")).isEqualTo(String.valueOf(port));
        assertThat(high(connect, "remote.address")).isEqualTo("127.0.0.1:" + port);
        assertThat(parent(connect)).isNull();

        Observation.Context lookup = named("reactivenet.client.lookup").get(0);
        assertThat(low(lookup, "outcome")).isEqualTo("success");
        assertThat(high(lookup, "host")).isEqualTo("example.test");
        assertThat(parent(lookup)).isSameAs(connect);

        List<Observation.Context> attempts = named("reactivenet.client.connect.attempt");
        assertThat(attempts).hasSize(2);
        Observation.Context refused = attempts.get(0);
        assertThat(high(refused, "remote.address")).isEqualTo("[::1]:" + port);
        assertThat(low(refused, "family")).isEqualTo("IPv6");
        assertThat(low(refused, "outcome")).isEqualTo("failure");
        assertThat(low(refused, "code")).isEqualTo("ECONNREFUSED");
        assertThat(refused.getError()).isInstanceOf(NetException.class);
        Observation.Context won = attempts.get(1);
        assertThat(high(won, "remote.address")).isEqualTo("127.0.0.1:" + port);
        assertThat(low(won, "family")).isEqualTo("IPv4");
        assertThat(low(won, "outcome")).isEqualTo("success");
        assertThat(low(won, "code")).isEqualTo("none");
        assertThat(attempts).allSatisfy(a -> assertThat(parent(a)).isSameAs(connect));

        // The children end before their parent; nothing else was observed (no TLS).
        assertThat(stopped).containsExactly(lookup, refused, won, connect);
        TestObservationRegistryAssert.assertThat(registry).hasNumberOfObservationsEqualTo(4)
                .forAllObservationsWithNameEqualTo("reactivenet.client.connect.attempt",
                        o -> o.hasLowCardinalityKeyValue("transport", "tcp"))
                .hasObservationWithNameEqualTo("reactivenet.client.connect").that().hasBeenStarted().hasBeenStopped();
    }

    @Test
    void anUnansweredFirstAttemptIsCancelledWhenTheSecondWins() throws Exception {
        try (BlackHole hole = new BlackHole(ip("127.0.0.1"), 0)) {
            int port = hole.port;
            listen(ServerOptions.defaults(), "::1", port);
            NetSocket socket = Net.connect(ConnectOptions.to("example.test", port).lookup(fixed("127.0.0.1", "::1"))
                    .autoSelectFamilyAttemptTimeout(Duration.ofMillis(100)).observations(registry)).block(T);
            socket.destroy();

            Observation.Context connect = named("reactivenet.client.connect").get(0);
            assertThat(low(connect, "outcome")).isEqualTo("success");
            assertThat(high(connect, "remote.address")).isEqualTo("[::1]:" + port);
            List<Observation.Context> attempts = named("reactivenet.client.connect.attempt");
            assertThat(attempts).extracting(a -> high(a, "remote.address") + " " + low(a, "outcome") + " " + low(a, "code"))
                    .containsExactly("[::1]:" + port + " success none", "127.0.0.1:" + port + " cancelled none");
            assertThat(events).containsExactly("127.0.0.1:" + port + " connection.attempt.timeout");
            assertThat(attempts).allSatisfy(a -> assertThat(parent(a)).isSameAs(connect));
        }
    }

    @Test
    void aFailedConnectCarriesItsCodeAndEveryAttemptsOwn() {
        ListeningServer s = Net.createServer(x -> x.send(x.inbound())).listen(0, "127.0.0.1").block(T);
        int port = s.address().port();
        s.closeNow().block(T);
        Throwable error = null;
        try {
            Net.connect(ConnectOptions.to("example.test", port).lookup(fixed("::1", "127.0.0.1"))
                    .observations(registry)).block(T);
        } catch (NetException e) {
            error = e;
        }
        assertThat(error).isNotNull();
        Observation.Context connect = named("reactivenet.client.connect").get(0);
        assertThat(low(connect, "outcome")).isEqualTo("failure");
        assertThat(low(connect, "code")).isEqualTo(((NetException) error).code());
        assertThat(connect.getError()).isNotNull();
        assertThat(named("reactivenet.client.connect.attempt"))
                .extracting(a -> low(a, "outcome") + " " + low(a, "code"))
                .containsExactly("failure ECONNREFUSED", "failure ECONNREFUSED");
    }

    @Test
    void aCancelledConnectEndsItsAttemptCancelledAndAnIpLiteralHasNoLookup() throws Exception {
        try (BlackHole hole = new BlackHole(ip("127.0.0.1"), 0)) {
            Disposable pending = Net.connect(ConnectOptions.to("127.0.0.1", hole.port).observations(registry))
                    .subscribe();
            Await.until("the attempt started", T, () -> ConnectFixtures.synSentTo(hole.port) == 1);
            pending.dispose();
            awaitStopped("reactivenet.client.connect", 1);
            Observation.Context connect = named("reactivenet.client.connect").get(0);
            assertThat(low(connect, "outcome")).isEqualTo("cancelled");
            assertThat(named("reactivenet.client.connect.attempt")).extracting(a -> low(a, "outcome"))
                    .containsExactly("cancelled");
            assertThat(named("reactivenet.client.lookup")).isEmpty();
            assertThat(ConnectFixtures.awaitNoSynSent(hole.port, Duration.ofSeconds(5))).isZero();
        }
    }

    @Test
    void theObservationInTheSubscribersContextIsTheParent() {
        int port = listen(ServerOptions.defaults(), "127.0.0.1", 0).address().port();
        Observation caller = Observation.start("caller", registry);
        NetSocket socket = Net.connect(ConnectOptions.to("127.0.0.1", port).observations(registry))
                .contextWrite(Context.of("micrometer.observation", caller)).block(T);
        socket.destroy();
        caller.stop();
        Observation.Context connect = named("reactivenet.client.connect").get(0);
        assertThat(parent(connect)).isSameAs(caller.getContext());
    }

    @Test
    void acceptsEndAdmittedDroppedOrBlocked() {
        BlockList blocked = new BlockList();
        blocked.addAddress("127.0.0.2");
        ListeningServer server = Net.createServer(ServerOptions.defaults().maxConnections(1).blockList(blocked)
                .observations(registry), s -> s.inbound().then()).listen(0, "127.0.0.1").block(T);
        servers.add(server);
        int port = server.address().port();
        List<NetSocket> clients = new ArrayList<>();
        try {
            NetSocket admitted = Net.connect(ConnectOptions.to("127.0.0.1", port)).block(T);
            clients.add(admitted);
            Await.until("admitted", T, () -> server.connectionCount() == 1);
            clients.add(Net.connect(ConnectOptions.to("127.0.0.1", port)).block(T));
            awaitStopped("reactivenet.server.accept", 2);
            NetSocket fromBlocked = Net.connect(ConnectOptions.to("127.0.0.1", port).localAddress("127.0.0.2")).block(T);
            clients.add(fromBlocked);
            awaitStopped("reactivenet.server.accept", 3);
            checkAccepts(port, admitted, fromBlocked);
        } finally {
            clients.forEach(NetSocket::destroy);
        }
    }

    private void checkAccepts(int port, NetSocket admitted, NetSocket fromBlocked) {
        List<Observation.Context> accepts = named("reactivenet.server.accept");
        assertThat(accepts).extracting(a -> low(a, "outcome") + " " + low(a, "transport"))
                .containsExactly("admitted tcp", "dropped tcp", "blocked tcp");
        assertThat(high(accepts.get(0), "remote.address")).isEqualTo("127.0.0.1:" + admitted.localPort());
        assertThat(high(accepts.get(2), "remote.address")).isEqualTo("127.0.0.2:" + fromBlocked.localPort());
        assertThat(high(accepts.get(0), "local.address")).isEqualTo("127.0.0.1:" + port);
        assertThat(accepts).allSatisfy(a -> assertThat(parent(a)).isNull());
    }

    @Test
    void tlsHandshakesAreObservedOnBothSides() {
        ListeningServer server = listen(ServerOptions.defaults().tls(TlsFixtures.server()).observations(registry),
                "127.0.0.1", 0);
        NetSocket socket = Net.connect(ConnectOptions.to("localhost", server.address().port())
                .lookup(fixed("127.0.0.1")).tls(TlsFixtures.client()).observations(registry)).block(T);
        awaitStopped("reactivenet.server.tls.handshake", 1);
        socket.destroy();
        Observation.Context client = named("reactivenet.client.tls.handshake").get(0);
        Observation.Context connect = named("reactivenet.client.connect").get(0);
        assertThat(parent(client)).isSameAs(connect);
        assertThat(low(client, "outcome")).isEqualTo("success");
        assertThat(low(client, "tls.protocol")).isEqualTo(socket.tlsSession().protocol());
        Observation.Context serverSide = named("reactivenet.server.tls.handshake").get(0);
        assertThat(low(serverSide, "outcome")).isEqualTo("success");
        assertThat(low(serverSide, "tls.protocol")).isEqualTo(socket.tlsSession().protocol());
        assertThat(List.copyOf(stopped).indexOf(client)).as("the handshake ends within the connect")
                .isLessThan(List.copyOf(stopped).indexOf(connect));
    }

    @Test
    void aFailedHandshakeIsAFailureWithNodesCode() {
        ListeningServer server = listen(ServerOptions.defaults().tls(TlsFixtures.server()).observations(registry),
                "127.0.0.1", 0);
        // No trust in the test CA: the client refuses the server's certificate.
        assertThatThrownBy(() -> Net.connect(ConnectOptions.to("localhost", server.address().port())
                .lookup(fixed("127.0.0.1")).tls(io.reactivenet.tls.TlsOptions.client()).observations(registry))
                .block(T)).isInstanceOf(NetException.class);
        Observation.Context client = named("reactivenet.client.tls.handshake").get(0);
        assertThat(low(client, "outcome")).isEqualTo("failure");
        assertThat(low(client, "code")).isNotEqualTo("none");
        assertThat(low(named("reactivenet.client.connect").get(0), "code")).isEqualTo(low(client, "code"));
        awaitStopped("reactivenet.server.tls.handshake", 1);
        assertThat(low(named("reactivenet.server.tls.handshake").get(0), "outcome")).isEqualTo("failure");
    }
}
