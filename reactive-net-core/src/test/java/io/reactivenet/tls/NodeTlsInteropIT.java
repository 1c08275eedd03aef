package io.reactivenet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.NodeProcess;
import io.reactivenet.testing.TestCerts;
import io.reactivenet.testing.TlsFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Real {@code node} v20 {@code tls} peers of our TLS server and client: 16 MiB each way with equal
 * SHA-256, on TLS 1.3 and 1.2, with the JDK and the OpenSSL provider; Node's view of our end(),
 * of a self-signed certificate, of ALPN and of SNI.
 */
class NodeTlsInteropIT {

    static final Duration T = Duration.ofSeconds(60);
    static final int SIXTEEN_MB = 16 * 1024 * 1024;

    @TempDir
    Path dir;

    static Stream<Arguments> providersAndVersions() {
        return Stream.of(TlsProvider.JDK, TlsProvider.OPENSSL)
                .flatMap(p -> Stream.of(Arguments.of(p, "TLSv1.3"), Arguments.of(p, "TLSv1.2")));
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private String write(String name, String pem) {
        try {
            return Files.writeString(dir.resolve(name), pem).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ListeningServer echo(TlsOptions tls, List<ServerEvent> events) {
        ListeningServer server = Net.createServer(ServerOptions.defaults().tls(tls), s -> s.send(s.inbound()).then(s.end()))
                .listen(0, "127.0.0.1").block(T);
        server.events().subscribe(events::add);
        return server;
    }

    private NodeProcess nodeClient(ListeningServer server, int size, String optionsJson) {
        return NodeProcess.node("tls-echo-client.js", String.valueOf(server.address().port()), "127.0.0.1",
                String.valueOf(size), optionsJson);
    }

    /** Node ends once everything came back: both directions carry 16 MiB, then each side ends. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndVersions")
    void nodeClientSendsSixteenMegabytesThroughOurTlsEcho(TlsProvider provider, String version) {
        nodeClientThroughOurEcho(provider, version, true);
    }

    /**
     * Node ends (close_notify, FIN) right after its last write, while our echo still has bytes to
     * send: a half-close, which only TLS 1.3 on the JDK's engine keeps (TLS 1.2 closes both
     * directions on close_notify, Netty's OpenSSL engine too on any version; see docs/tls.md).
     */
    @Test
    void nodeClientEndingBeforeTheEchoIsDoneGetsEveryByteOnTls13WithTheJdkEngine() {
        nodeClientThroughOurEcho(TlsProvider.JDK, "TLSv1.3", false);
    }

    private void nodeClientThroughOurEcho(TlsProvider provider, String version, boolean endAfterEcho) {
        ListeningServer server = echo(TlsFixtures.server().provider(provider), new CopyOnWriteArrayList<>());
        String ca = write("ca.pem", TlsFixtures.CA.certificatePem());
        try (NodeProcess node = nodeClient(server, SIXTEEN_MB, "{\"caFile\":\"" + ca
                + "\",\"servername\":\"localhost\",\"maxVersion\":\"" + version + "\",\"endAfterEcho\":" + endAfterEcho + "}")) {
            String result = node.nextLine(T);
            assertThat(field(result, "received")).as(result).isEqualTo(String.valueOf(SIXTEEN_MB));
            assertThat(field(result, "receivedSha")).isEqualTo(field(result, "sentSha"));
            assertThat(field(result, "protocol")).isEqualTo(version);
            assertThat(field(result, "subject")).isEqualTo("localhost");
            assertThat(node.waitFor(T)).isZero();
        } finally {
            server.closeNow().block(T);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndVersions")
    void ourClientSendsSixteenMegabytesThroughNodesTlsEchoAndNodeSeesOurEnd(TlsProvider provider, String version) {
        String cert = write("cert.pem", TlsFixtures.SERVER.certificatePem());
        String key = write("key.pem", TlsFixtures.SERVER.keyPem());
        try (NodeProcess node = NodeProcess.node("tls-echo-server.js", cert, key,
                "{\"maxVersion\":\"" + version + "\"}")) {
            int port = Integer.parseInt(field(node.nextLine(T), "port"));
            NetSocket client = Net.connect(ConnectOptions.to("localhost", port)
                    .tls(TlsFixtures.client().provider(provider))).block(T);
            assertThat(client.tlsSession().protocol()).isEqualTo(version);
            byte[] data = Bytes.random(14, SIXTEEN_MB);
            Bytes.Sha256 back = new Bytes.Sha256();
            Flux<ByteBuffer> chunks = Flux.range(0, SIXTEEN_MB / 65536).map(i -> ByteBuffer.wrap(data, i * 65536, 65536));
            Mono.when(client.inbound().doOnNext(back::update).then(), client.send(chunks).then(client.end())).block(T);
            assertThat(back.count()).isEqualTo(SIXTEEN_MB);
            assertThat(back.hex()).isEqualTo(Bytes.sha256(data));
            String end = node.nextLine(T);
            assertThat(field(end, "end")).isEqualTo("true");
            assertThat(field(end, "protocol")).isEqualTo(version);
            assertThat(client.onClose().block(T).hadError()).isFalse();
        }
    }

    @Test
    void nodeRejectsOurSelfSignedCertificateWithItsCode() {
        TestCerts.Issued self = TestCerts.selfSigned("localhost");
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        ListeningServer server = echo(TlsOptions.server(self.certificatePem(), self.keyPem()), events);
        try (NodeProcess node = nodeClient(server, 16, "{\"servername\":\"localhost\"}")) {
            assertThat(field(node.nextLine(T), "error")).isEqualTo("DEPTH_ZERO_SELF_SIGNED_CERT");
            io.reactivenet.testing.Await.until("a TlsClientError", T,
                    () -> events.stream().anyMatch(e -> e instanceof ServerEvent.TlsClientError));
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void alpnWithANodeClient() {
        ListeningServer server = echo(TlsFixtures.server().alpn("h2", "echo"), new CopyOnWriteArrayList<>());
        String ca = write("ca.pem", TlsFixtures.CA.certificatePem());
        try (NodeProcess node = nodeClient(server, 1024,
                "{\"caFile\":\"" + ca + "\",\"servername\":\"localhost\",\"ALPNProtocols\":[\"echo\",\"x\"],"
                        + "\"endAfterEcho\":true}")) {
            String result = node.nextLine(T);
            assertThat(field(result, "alpn")).as(result).isEqualTo("echo");
            assertThat(field(result, "receivedSha")).isEqualTo(field(result, "sentSha"));
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void alpnWithANodeServer() {
        String cert = write("cert.pem", TlsFixtures.SERVER.certificatePem());
        String key = write("key.pem", TlsFixtures.SERVER.keyPem());
        try (NodeProcess node = NodeProcess.node("tls-echo-server.js", cert, key, "{\"ALPNProtocols\":[\"echo\",\"h2\"]}")) {
            int port = Integer.parseInt(field(node.nextLine(T), "port"));
            NetSocket client = Net.connect(ConnectOptions.to("localhost", port)
                    .tls(TlsFixtures.client().alpn("x", "h2"))).block(T);
            assertThat(client.tlsSession().alpnProtocol()).isEqualTo("h2");
            client.inbound().subscribe();
            client.end().block(T);
            assertThat(field(node.nextLine(T), "alpn")).isEqualTo("h2");
            client.onClose().block(T);
        }
    }
}
