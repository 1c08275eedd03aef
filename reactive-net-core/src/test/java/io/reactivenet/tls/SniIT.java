package io.reactivenet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.NodeProcess;
import io.reactivenet.testing.TestCerts;
import io.reactivenet.testing.TlsFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** SNI on the server: a map of names (with a one-label wildcard), an async resolver, and the handshake timeout on that path. */
class SniIT {

    static final Duration T = Duration.ofSeconds(20);
    static final TestCerts.Issued A = TestCerts.leaf(TlsFixtures.CA, "a.test");
    static final TestCerts.Issued WILD = TestCerts.leaf(TlsFixtures.CA, "*.wild.test");

    @TempDir
    Path dir;

    static KeyMaterial pem(TestCerts.Issued cert) {
        return new KeyMaterial.Pem(cert.certificatePem(), cert.keyPem(), null);
    }

    static ListeningServer echo(TlsOptions tls, List<ServerEvent> events) {
        ListeningServer server = Net.createServer(ServerOptions.defaults().tls(tls), s -> s.send(s.inbound()).then(s.end()))
                .listen(0, "127.0.0.1").block(T);
        server.events().subscribe(events::add);
        return server;
    }

    static NetSocket connect(ListeningServer server, String serverName) {
        return Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())
                .tls(TlsFixtures.client().serverName(serverName))).block(T);
    }

    static void assertServes(ListeningServer server, String name, TestCerts.Issued expected) {
        NetSocket client = connect(server, name);
        try {
            assertThat(client.tlsSession().peerCertificates()).first().as(name).isEqualTo(expected.certificate());
            assertThat(client.tlsSession().serverName()).isEqualTo(name);
        } finally {
            client.destroy();
        }
    }

    @Test
    void twoNamesAndAWildcardOnOnePortGetTheirOwnCertificates() {
        ListeningServer server = echo(TlsFixtures.server().sni(Map.of("a.test", pem(A), "*.wild.test", pem(WILD))),
                new CopyOnWriteArrayList<>());
        try {
            assertServes(server, "a.test", A);
            assertServes(server, "x.wild.test", WILD);
            assertServes(server, "localhost", TlsFixtures.SERVER); // no entry: the default certificate
            // The wildcard covers one label only, as a certificate's does.
            NetSocket deeper = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())
                    .tls(TlsFixtures.client().serverName("y.x.wild.test").verifyHostname(false))).block(T);
            assertThat(deeper.tlsSession().peerCertificates()).first().isEqualTo(TlsFixtures.SERVER.certificate());
            deeper.destroy();
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void nodeSeesTheCertificateOfTheNameItAsksFor() throws IOException {
        ListeningServer server = echo(TlsFixtures.server().sni(Map.of("a.test", pem(A), "*.wild.test", pem(WILD))),
                new CopyOnWriteArrayList<>());
        String ca = Files.writeString(dir.resolve("ca.pem"), TlsFixtures.CA.certificatePem()).toString();
        try {
            for (String name : List.of("a.test", "b.wild.test", "localhost")) {
                try (NodeProcess node = NodeProcess.node("tls-echo-client.js", String.valueOf(server.address().port()),
                        "127.0.0.1", "64", "{\"caFile\":\"" + ca + "\",\"servername\":\"" + name + "\"}")) {
                    String line = node.nextLine(T);
                    Matcher m = Pattern.compile("\"subject\":\"([^\"]*)\"").matcher(line);
                    assertThat(m.find()).as(line).isTrue();
                    assertThat(m.group(1)).isEqualTo(name.endsWith("wild.test") ? "*.wild.test" : name);
                }
            }
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void anAsyncResolverPicksTheCertificate() {
        List<String> asked = new CopyOnWriteArrayList<>();
        ListeningServer server = echo(TlsFixtures.server().sniResolver(name -> {
            asked.add(name);
            return name.equals("a.test")
                    ? Mono.delay(Duration.ofMillis(50)).map(x -> TlsOptions.server(pem(A)))
                    : Mono.empty(); // empty: the default certificate
        }), new CopyOnWriteArrayList<>());
        try {
            assertServes(server, "a.test", A);
            NetSocket other = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())
                    .tls(TlsFixtures.client().serverName("other.test").verifyHostname(false))).block(T);
            assertThat(other.tlsSession().peerCertificates()).first().isEqualTo(TlsFixtures.SERVER.certificate());
            other.destroy();
            // (the JDK sends no SNI for a name without a dot, such as localhost: the resolver is not asked)
            assertThat(asked).containsExactly("a.test", "other.test");
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void theHandshakeTimeoutHoldsOnTheSniPathForASilentClientAndAResolverThatNeverAnswers() {
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        ListeningServer server = echo(TlsFixtures.server().handshakeTimeout(Duration.ofMillis(300))
                .sniResolver(name -> Mono.never()), events);
        try {
            NetSocket silent = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())).block(T);
            Await.until("a handshake timeout for the silent client", T, () -> timeouts(events) >= 1);
            silent.destroy();
            silent.onClose().block(T);
            Mono<NetSocket> waiting = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())
                    .tls(TlsFixtures.client().serverName("a.test")));
            reactor.test.StepVerifier.create(waiting).expectError(NetException.class).verify(T);
            Await.until("a handshake timeout while the resolver thinks", T, () -> timeouts(events) >= 2);
        } finally {
            server.closeNow().block(T);
        }
    }

    private static long timeouts(List<ServerEvent> events) {
        return events.stream().filter(e -> e instanceof ServerEvent.TlsClientError t && t.error() instanceof NetException n
                && n.code().equals("ERR_TLS_HANDSHAKE_TIMEOUT")).count();
    }

    static String write(Path file, String text) {
        try {
            return Files.writeString(file, text).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
