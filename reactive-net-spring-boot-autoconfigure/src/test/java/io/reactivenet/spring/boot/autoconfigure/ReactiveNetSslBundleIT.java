package io.reactivenet.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListenOptions;
import io.reactivenet.Net;
import io.reactivenet.NetServer;
import io.reactivenet.ServerOptions;
import io.reactivenet.spring.boot.NetServerHandler;
import io.reactivenet.spring.boot.ReactiveNetServerLifecycle;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.NodeProcess;
import io.reactivenet.testing.TestCerts;
import io.reactivenet.tls.ClientAuth;
import io.reactivenet.tls.KeyMaterial;
import io.reactivenet.tls.TlsOptions;
import io.reactivenet.tls.Trust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * TLS from a Spring SSL bundle configured by properties only, checked by a real {@code node}
 * {@code tls} client: the server presents the bundle's certificate, and when the bundle's PEM files
 * are replaced (a {@code reload-on-update} bundle) new connections get the new certificate while a
 * connection opened before keeps working. Plus the fail-fast and off switches.
 */
class ReactiveNetSslBundleIT {

    private static final Duration T = Duration.ofSeconds(20);
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"?([^\",}]*)");

    private static final TestCerts.Issued CA = TestCerts.ca("reactive-net bundle test CA");
    private static final TestCerts.Issued FIRST = TestCerts.leaf(CA, "first.test", "127.0.0.1");
    private static final TestCerts.Issued SECOND = TestCerts.leaf(CA, "second.test", "127.0.0.1");

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    static class LineEcho {
        @Bean
        NetServerHandler echo() {
            return socket -> socket.send(socket.inbound());
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
                        ReactiveNetServerAutoConfiguration.class))
                .withUserConfiguration(LineEcho.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1");
    }

    private ApplicationContextRunner withPemBundle() throws IOException {
        write("cert.pem", FIRST.certificatePem());
        write("key.pem", FIRST.keyPem());
        return runner().withPropertyValues(
                "spring.ssl.bundle.pem.tcp.keystore.certificate=" + dir.resolve("cert.pem"),
                "spring.ssl.bundle.pem.tcp.keystore.private-key=" + dir.resolve("key.pem"),
                "spring.ssl.bundle.pem.tcp.reload-on-update=true",
                "spring.ssl.bundle.watch.file.quiet-period=100ms",
                "reactive-net.server.ssl.bundle=tcp");
    }

    @Test
    void nodeSeesTheBundlesCertificateAndTheReloadedOneOnNewConnections() throws Exception {
        Path ca = write("ca.pem", CA.certificatePem());
        withPemBundle().run(context -> {
            assertThat(context).hasNotFailed();
            ReactiveNetServerLifecycle lifecycle = context.getBean(ReactiveNetServerLifecycle.class);
            int port = lifecycle.server().address().port();
            try (NodeProcess node = NodeProcess.start(ReactiveNetSslBundleIT.class, "/node/tls-lines-client.js",
                    String.valueOf(port), "127.0.0.1", ca.toString())) {
                node.writeLine("open before");
                String opened = node.nextLine(T);
                assertThat(field(opened, "subject")).as(opened).isEqualTo("first.test");
                assertThat(field(opened, "fingerprint")).isEqualTo(fingerprint(FIRST.certificate()));
                node.writeLine("echo before hello over the first certificate");
                assertThat(field(node.nextLine(T), "line")).isEqualTo("hello over the first certificate");

                // Renewal as a deployment does it: each file replaced whole (a rename), key first.
                replace("key.pem", SECOND.keyPem());
                replace("cert.pem", SECOND.certificatePem());
                String second = fingerprint(SECOND.certificate());
                String[] seen = new String[1];
                Await.until("a new connection presents the renewed certificate", T, () -> {
                    node.writeLine("probe");
                    seen[0] = node.nextLine(T);
                    return second.equals(field(seen[0], "fingerprint"));
                });
                assertThat(field(seen[0], "subject")).isEqualTo("second.test");

                node.writeLine("echo before still here after the reload");
                assertThat(field(node.nextLine(T), "line")).isEqualTo("still here after the reload");
                node.writeLine("open after");
                assertThat(field(node.nextLine(T), "subject")).isEqualTo("second.test");
                node.writeLine("echo after hello over the second certificate");
                assertThat(field(node.nextLine(T), "line")).isEqualTo("hello over the second certificate");
                assertThat(node.closeStdinAndWait(T)).isZero();
            }
        });
    }

    @Test
    void aBrokenUpdateKeepsThePreviousCertificate() throws Exception {
        withPemBundle().run(context -> {
            ReactiveNetServerLifecycle lifecycle = context.getBean(ReactiveNetServerLifecycle.class);
            TlsOptions current = lifecycle.netServer().options().tls();
            assertThat(current).isNotNull();
            // What the bundle-update handler does with a bundle whose files do not parse: the server
            // refuses it and keeps its settings (the handler logs the refusal).
            TlsOptions broken = current.keyMaterial(new KeyMaterial.Pem("not a certificate", "not a key", null));
            assertThat(lifecycle.updateTls(broken).onErrorResume(e -> Mono.just(false)).block(T)).isFalse();
            assertThat(lifecycle.updateTls(current).block(T)).isFalse();   // still the current settings
        });
    }

    @Test
    void anUpdateBeforeTheServerListensIsAppliedWhenItStarts() throws Exception {
        NetServer server = Net.createServer(
                ServerOptions.defaults().tls(TlsOptions.server(FIRST.certificatePem(), FIRST.keyPem())),
                socket -> socket.send(socket.inbound()));
        ReactiveNetServerLifecycle lifecycle = new ReactiveNetServerLifecycle(server,
                ListenOptions.onPort(0).host("127.0.0.1"), Duration.ofSeconds(1), null);
        try {
            assertThat(lifecycle.updateTls(TlsOptions.server(SECOND.certificatePem(), SECOND.keyPem())).block(T))
                    .isTrue();
            lifecycle.start();
            assertThat(presented(lifecycle.server().address().port())).isEqualTo(SECOND.certificate());
        } finally {
            lifecycle.stop();
        }
    }

    /** The certificate a JDK TLS client trusting {@link #CA} is shown on a new connection to {@code port}. */
    private static X509Certificate presented(int port) throws Exception {
        SSLContext context = TestCerts.trusting(CA.certificate());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void protocolsCiphersAndClientAuthComeFromTheBundleAndProperties() throws Exception {
        withPemBundle().withPropertyValues(
                        "spring.ssl.bundle.pem.tcp.options.enabled-protocols=TLSv1.3",
                        "spring.ssl.bundle.pem.tcp.options.ciphers=TLS_AES_128_GCM_SHA256",
                        "reactive-net.server.ssl.client-auth=want")
                .run(context -> {
                    TlsOptions tls = context.getBean(ReactiveNetServerLifecycle.class).netServer().options().tls();
                    assertThat(tls).isNotNull();
                    assertThat(tls.keyMaterial()).isInstanceOf(KeyMaterial.Factory.class);
                    assertThat(tls.trust()).isInstanceOf(Trust.Factory.class);
                    assertThat(tls.protocols()).containsExactly("TLSv1.3");
                    assertThat(tls.ciphers()).containsExactly("TLS_AES_128_GCM_SHA256");
                    assertThat(tls.clientAuth()).isEqualTo(ClientAuth.OPTIONAL);
                });
    }

    @Test
    void sslEnabledFalseServesPlainTcp() throws Exception {
        withPemBundle().withPropertyValues("reactive-net.server.ssl.enabled=false").run(context -> {
            ReactiveNetServerLifecycle lifecycle = context.getBean(ReactiveNetServerLifecycle.class);
            assertThat(lifecycle.netServer().options().tls()).isNull();
            assertThat(ReactiveNetServerAutoConfigurationTest.echo(lifecycle.server().address().port(), "plain"))
                    .isEqualTo("plain");
        });
    }

    @Test
    void anUnknownBundleFailsTheStartNamingTheProperty() throws Exception {
        withPemBundle().withPropertyValues("reactive-net.server.ssl.bundle=missing").run(context ->
                assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("reactive-net.server.ssl.bundle")
                        .hasMessageContaining("'missing'")
                        .hasMessageContaining("no SSL bundle named 'missing'")
                        .hasMessageContaining("[tcp]"));
    }

    @Test
    void aBundleWithoutKeyStoreFailsTheStart() throws Exception {
        Path ca = write("ca.pem", CA.certificatePem());
        runner().withPropertyValues("spring.ssl.bundle.pem.trustonly.truststore.certificate=" + ca,
                        "reactive-net.server.ssl.bundle=trustonly")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("has no key store"));
    }

    @Test
    void noSslBundlesBeanFailsTheStart() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ReactiveNetServerAutoConfiguration.class))
                .withUserConfiguration(LineEcho.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.ssl.bundle=tcp")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("no SslBundles bean"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Replaces {@code name} whole: written beside it, then renamed over it. */
    private void replace(String name, String text) throws IOException {
        Path next = Files.writeString(dir.resolve(name + ".next"), text);
        Files.move(next, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no " + name + " in " + json);
    }

    /** Node's {@code fingerprint256}: the SHA-256 of the DER, upper-case hex bytes joined by colons. */
    private static String fingerprint(X509Certificate certificate) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return String.join(":", HexFormat.of().withUpperCase().formatHex(sha).split("(?<=\\G..)"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
