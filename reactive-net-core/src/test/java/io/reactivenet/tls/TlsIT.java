package io.reactivenet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.TestCerts;
import io.reactivenet.testing.TlsFixtures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** TLS between our own server and client: sessions, Node's error codes, mutual TLS, updateTls. */
class TlsIT {

    static final Duration T = Duration.ofSeconds(10);

    static ListeningServer echo(TlsOptions tls, List<ServerEvent> events) {
        ListeningServer server = Net.createServer(ServerOptions.defaults().tls(tls), s -> s.send(s.inbound()).then(s.end()))
                .listen(0, "127.0.0.1").block(T);
        server.events().subscribe(events::add);
        return server;
    }

    static Mono<NetSocket> connect(ListeningServer server, String host, TlsOptions tls) {
        return Net.connect(ConnectOptions.to(host, server.address().port()).tls(tls));
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void sessionIsSeenByBothSides(TlsProvider provider) {
        ListeningServer server = echo(TlsFixtures.server().provider(provider).alpn("h2", "echo"), new CopyOnWriteArrayList<>());
        try {
            NetSocket client = connect(server, "localhost", TlsFixtures.client().provider(provider).alpn("echo")).block(T);
            TlsSession s = client.tlsSession();
            assertThat(client.isEncrypted()).isTrue();
            assertThat(s.protocol()).isEqualTo("TLSv1.3");
            assertThat(s.alpnProtocol()).isEqualTo("echo");
            assertThat(s.peerCertificates()).first().isEqualTo(TlsFixtures.SERVER.certificate());
            StepVerifier.create(client.write("hello").then(client.end())
                            .thenMany(client.inbound().transform(io.reactivenet.text.Text.utf8())).reduce(String::concat))
                    .expectNext("hello").verifyComplete();
            client.onClose().block(T);
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void aCertificateForAnotherNameFailsWithNodesCodeUnlessTheNameIsSet() {
        TestCerts.Issued other = TestCerts.leaf(TlsFixtures.CA, "example.test");
        ListeningServer server = echo(TlsOptions.server(other.certificatePem(), other.keyPem()), new CopyOnWriteArrayList<>());
        try {
            StepVerifier.create(connect(server, "127.0.0.1", TlsFixtures.client()))
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isEqualTo("ERR_TLS_CERT_ALTNAME_INVALID"))
                    .verify(T);
            NetSocket named = connect(server, "127.0.0.1", TlsFixtures.client().serverName("example.test")).block(T);
            assertThat(named.tlsSession().serverName()).isEqualTo("example.test");
            named.destroy();
            connect(server, "127.0.0.1", TlsFixtures.client().verifyHostname(false)).block(T).destroy();
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void untrustedCertificatesFailWithNodesCodes() {
        TestCerts.Issued self = TestCerts.selfSigned("localhost");
        TestCerts.Issued expired = TestCerts.leaf(TlsFixtures.CA, java.time.Instant.now().minus(Duration.ofDays(10)),
                java.time.Instant.now().minus(Duration.ofDays(1)), "localhost");
        TestCerts.Issued foreign = TestCerts.leaf(TestCerts.ca("other CA"), "localhost");
        assertCode(self, "DEPTH_ZERO_SELF_SIGNED_CERT");
        assertCode(expired, "CERT_HAS_EXPIRED");
        assertCode(foreign, "UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    }

    private static void assertCode(TestCerts.Issued cert, String code) {
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        ListeningServer server = echo(TlsOptions.server(cert.certificatePem(), cert.keyPem()), events);
        try {
            StepVerifier.create(connect(server, "localhost", TlsFixtures.client()))
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isEqualTo(code))
                    .verify(T);
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void mutualTls() {
        TlsOptions base = TlsFixtures.server().trust(new Trust.Pem(TlsFixtures.CA.certificatePem()));
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        ListeningServer required = echo(base.clientAuth(ClientAuth.REQUIRE), events);
        ListeningServer optional = echo(base.clientAuth(ClientAuth.OPTIONAL), new CopyOnWriteArrayList<>());
        try {
            // TLS 1.3: the client's handshake ends before the server checks; the refusal shows on the server.
            connect(required, "localhost", TlsFixtures.client()).flatMap(s -> s.inbound().then().onErrorResume(e -> Mono.empty()))
                    .onErrorResume(e -> Mono.empty()).block(T);
            io.reactivenet.testing.Await.until("a TlsClientError", T,
                    () -> events.stream().anyMatch(e -> e instanceof ServerEvent.TlsClientError t && t.remote() != null));
            NetSocket anonymous = connect(optional, "localhost", TlsFixtures.client()).block(T);
            anonymous.destroy();
            TestCerts.Issued clientCert = TestCerts.leaf(TlsFixtures.CA, "client.test");
            NetSocket mutual = connect(required, "localhost", TlsFixtures.client()
                    .keyMaterial(new KeyMaterial.Pem(clientCert.certificatePem(), clientCert.keyPem(), null))).block(T);
            assertThat(mutual.tlsSession().peerCertificates()).first().isEqualTo(TlsFixtures.SERVER.certificate());
            mutual.destroy();
        } finally {
            required.closeNow().block(T);
            optional.closeNow().block(T);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ClientAuth.class, names = {"OPTIONAL", "REQUIRE"})
    void withMutualTlsTheServerSeesTheClientsCertificateAndWithOptionalNoneIfItHasNone(ClientAuth auth) {
        List<List<java.security.cert.X509Certificate>> seen = new CopyOnWriteArrayList<>();
        ListeningServer server = Net.createServer(ServerOptions.defaults().tls(TlsFixtures.server()
                        .trust(new Trust.Pem(TlsFixtures.CA.certificatePem())).clientAuth(auth)),
                s -> {
                    seen.add(s.tlsSession().peerCertificates());
                    return s.send(s.inbound()).then(s.end());
                }).listen(0, "127.0.0.1").block(T);
        try {
            TestCerts.Issued clientCert = TestCerts.leaf(TlsFixtures.CA, "client.test");
            NetSocket mutual = connect(server, "localhost", TlsFixtures.client()
                    .keyMaterial(new KeyMaterial.Pem(clientCert.certificatePem(), clientCert.keyPem(), null))).block(T);
            StepVerifier.create(mutual.write("x").then(mutual.end()).thenMany(mutual.inbound()).count())
                    .expectNext(1L).verifyComplete();
            assertThat(mutual.tlsSession().peerCertificates()).first().isEqualTo(TlsFixtures.SERVER.certificate());
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0)).first().isEqualTo(clientCert.certificate());
            if (auth == ClientAuth.OPTIONAL) {
                NetSocket anonymous = connect(server, "localhost", TlsFixtures.client()).block(T);
                StepVerifier.create(anonymous.write("y").then(anonymous.end()).thenMany(anonymous.inbound()).count())
                        .expectNext(1L).verifyComplete();
                assertThat(seen).hasSize(2);
                assertThat(seen.get(1)).isEmpty();
            }
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void updateTlsChangesNewConnectionsOnlyAndABadUpdateKeepsTheOld() {
        ListeningServer server = echo(TlsFixtures.server(), new CopyOnWriteArrayList<>());
        try {
            NetSocket before = connect(server, "localhost", TlsFixtures.client()).block(T);
            TestCerts.Issued renewed = TestCerts.leaf(TlsFixtures.CA, "localhost");
            assertThat(server.updateTls(TlsOptions.server(renewed.certificatePem(), renewed.keyPem())).block(T)).isTrue();
            NetSocket after = connect(server, "localhost", TlsFixtures.client()).block(T);
            assertThat(before.tlsSession().peerCertificates().get(0)).isEqualTo(TlsFixtures.SERVER.certificate());
            assertThat(after.tlsSession().peerCertificates().get(0)).isEqualTo(renewed.certificate());
            StepVerifier.create(server.updateTls(TlsOptions.server("not a pem", "nor this")))
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isEqualTo("ERR_TLS_INVALID_CONTEXT"))
                    .verify(T);
            NetSocket still = connect(server, "localhost", TlsFixtures.client()).block(T);
            assertThat(still.tlsSession().peerCertificates().get(0)).isEqualTo(renewed.certificate());
            before.destroy();
            after.destroy();
            still.destroy();
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void aHandshakeThatNeverEndsTimesOutWithNodesCode() {
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        ListeningServer server = echo(TlsFixtures.server().handshakeTimeout(Duration.ofMillis(300)), events);
        try {
            NetSocket silent = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())).block(T);
            io.reactivenet.testing.Await.until("a handshake timeout", T, () -> events.stream().anyMatch(e ->
                    e instanceof ServerEvent.TlsClientError t && t.error() instanceof NetException n
                            && n.code().equals("ERR_TLS_HANDSHAKE_TIMEOUT")));
            silent.destroy(); // it never reads, so it would not notice the server's close
            silent.onClose().block(T);
        } finally {
            server.closeNow().block(T);
        }
    }
}
