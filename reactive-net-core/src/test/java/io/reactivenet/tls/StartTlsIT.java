package io.reactivenet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.TlsFixtures;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * STARTTLS with a tiny SMTP-like protocol: a plaintext greeting, the client's {@code STARTTLS},
 * the server's plaintext go-ahead, then both sides upgrade the same sockets and the rest is an
 * encrypted echo. Every byte on both sides of the boundary arrives once, in the right form.
 */
class StartTlsIT {

    static final Duration T = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void plaintextGreetingThenUpgradeThenEncryptedEcho(TlsProvider provider) {
        StringBuffer serverPlain = new StringBuffer();
        StringBuffer serverEncrypted = new StringBuffer();
        ListeningServer server = Net.createServer(ServerOptions.defaults(), s -> s.write("220 hello\n")
                .thenMany(s.inbound().map(Bytes::utf8).concatMap(text -> {
                    if (s.isEncrypted()) {
                        serverEncrypted.append(text);
                        return s.write(text);
                    }
                    serverPlain.append(text);
                    return text.endsWith("STARTTLS\n")
                            ? s.write("220 go\n").then(s.upgradeToTls(TlsFixtures.server().provider(provider))).then()
                            : Mono.empty();
                }))
                .then(s.end())).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket client = Net.connect(ConnectOptions.to("localhost", server.address().port())).block(T);
            assertThat(client.isEncrypted()).isFalse();
            String payload = "secret ".repeat(20_000) + "\n"; // ~140 KB: many TLS records
            StringBuilder clientPlain = new StringBuilder();
            StringBuilder clientEncrypted = new StringBuilder();
            AtomicBoolean asked = new AtomicBoolean();
            Mono<Void> conversation = client.inbound().map(Bytes::utf8).concatMap(text -> {
                if (client.isEncrypted()) {
                    clientEncrypted.append(text);
                    return Mono.empty();
                }
                clientPlain.append(text);
                if (clientPlain.toString().equals("220 hello\n") && asked.compareAndSet(false, true)) {
                    return client.write("STARTTLS\n");
                }
                if (clientPlain.toString().endsWith("220 go\n")) {
                    return client.upgradeToTls(TlsFixtures.client().provider(provider))
                            .doOnNext(session -> assertThat(session.peerCertificates()).first()
                                    .isEqualTo(TlsFixtures.SERVER.certificate()))
                            .then(client.write(payload)).then(client.end());
                }
                return Mono.empty();
            }).then();
            StepVerifier.create(conversation).verifyComplete();
            assertThat(clientPlain.toString()).isEqualTo("220 hello\n220 go\n");
            assertThat(serverPlain.toString()).isEqualTo("STARTTLS\n");
            assertThat(serverEncrypted.toString()).isEqualTo(payload);
            assertThat(clientEncrypted.toString()).isEqualTo(payload);
            assertThat(client.isEncrypted()).isTrue();
            StepVerifier.create(client.upgradeToTls(TlsFixtures.client()))
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isIn("ERR_TLS_INVALID_STATE",
                            "ERR_SOCKET_CLOSED"))
                    .verify(T);
            assertThat(client.onClose().block(T).hadError()).isFalse();
        } finally {
            server.closeNow().block(T);
        }
    }
}
