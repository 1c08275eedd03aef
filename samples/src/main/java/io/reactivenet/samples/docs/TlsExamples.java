package io.reactivenet.samples.docs;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.text.Text;
import io.reactivenet.tls.ClientAuth;
import io.reactivenet.tls.KeyMaterial;
import io.reactivenet.tls.TlsOptions;
import io.reactivenet.tls.TlsSession;
import io.reactivenet.tls.Trust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;

/** The examples of {@code docs/tls.md}, compiled and run by {@code DocsTest}. */
public final class TlsExamples {

    private TlsExamples() {
    }

    /** What {@link #serverAndClient} observed. */
    public record Secured(String reply, String protocol, String alpn, boolean encrypted) {
    }

    /** A TLS echo server from PEM files and a client that trusts {@code caFile}. */
    public static Secured serverAndClient(Path certFile, Path keyFile, Path caFile) {
        // docs:begin tls
        TlsOptions serverTls = TlsOptions.server(TlsOptions.readPem(certFile), TlsOptions.readPem(keyFile))
                .alpn("echo/1", "h2")                                  // the server picks
                .handshakeTimeout(Duration.ofSeconds(10));             // Node's default
        ListeningServer server = Net.createServer(ServerOptions.defaults().tls(serverTls),
                        socket -> socket.send(socket.inbound()))       // plaintext in, plaintext out
                .listen(0, "127.0.0.1").block(Duration.ofSeconds(5));

        TlsOptions clientTls = TlsOptions.client()
                .trust(new Trust.Pem(TlsOptions.readPem(caFile)))     // Node's `ca`; default: the JDK's
                .alpn("echo/1");
        NetSocket client = Net.connect(ConnectOptions.to("localhost", server.address().port())
                        .tls(clientTls))                               // emits after the handshake
                .block(Duration.ofSeconds(15));                        // more than the handshake may take
        TlsSession session = client.tlsSession();                      // protocol, cipher, peer certs, ALPN
        String reply = client.write("over TLS").then(client.end())
                .thenMany(client.inbound().transform(Text.utf8()))
                .reduce("", String::concat)
                .block(Duration.ofSeconds(5));                         // "over TLS"
        server.close().block(Duration.ofSeconds(5));
        // docs:end tls
        return new Secured(reply, session.protocol(), String.valueOf(session.alpnProtocol()), client.isEncrypted());
    }

    /** Mutual TLS, SNI and a certificate swap on one server; returns whether the swap went in. */
    public static boolean mutualSniAndUpdate(Path certFile, Path keyFile, Path caFile, Path otherCert, Path otherKey) {
        // docs:begin tls-server
        TlsOptions tls = TlsOptions.server(TlsOptions.readPem(certFile), TlsOptions.readPem(keyFile))
                .trust(new Trust.Pem(TlsOptions.readPem(caFile)))      // who may sign client certificates
                .clientAuth(ClientAuth.OPTIONAL)                       // NONE, OPTIONAL, REQUIRE
                .sni(Map.of("*.example.test",                          // one label; exact names win
                        new KeyMaterial.Pem(TlsOptions.readPem(otherCert), TlsOptions.readPem(otherKey), null)));
        ListeningServer server = Net.createServer(ServerOptions.defaults().tls(tls),
                        socket -> socket.send(socket.inbound()))
                .listen(0, "127.0.0.1").block(Duration.ofSeconds(5));
        server.events().subscribe(System.out::println);                // TlsClientError: failed handshakes

        // Node's setSecureContext: new connections get the new certificate, open ones keep theirs;
        // a bad update fails the Mono and the old settings stay.
        Mono<Boolean> swapped = server.updateTls(
                TlsOptions.server(TlsOptions.readPem(otherCert), TlsOptions.readPem(otherKey)));
        // docs:end tls-server
        boolean result = Boolean.TRUE.equals(swapped.block(Duration.ofSeconds(5)));
        server.close().block(Duration.ofSeconds(5));
        return result;
    }
}
