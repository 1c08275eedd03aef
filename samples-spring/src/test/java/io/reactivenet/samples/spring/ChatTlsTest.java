package io.reactivenet.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.spring.boot.ReactiveNetServerLifecycle;
import io.reactivenet.testing.TestCerts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample's {@code tls} profile (application-tls.properties, shown in docs/spring-boot.md): the
 * TCP chat over TLS from the SSL bundle "chat", its PEM files put in a temporary directory here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"reactive-net.server.port=0", "spring.lifecycle.timeout-per-shutdown-phase=2s"})
@ActiveProfiles("tls")
@DirtiesContext
class ChatTlsTest {

    private static final TestCerts.Issued CA = TestCerts.ca("chat sample CA");
    private static final TestCerts.Issued CHAT = TestCerts.leaf(CA, "chat.test", "127.0.0.1");

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void pemFiles(DynamicPropertyRegistry registry) throws IOException {
        Path cert = Files.writeString(dir.resolve("chat.crt"), CHAT.certificatePem());
        Path key = Files.writeString(dir.resolve("chat.key"), CHAT.keyPem());
        registry.add("spring.ssl.bundle.pem.chat.keystore.certificate", cert::toString);
        registry.add("spring.ssl.bundle.pem.chat.keystore.private-key", key::toString);
    }

    @Autowired
    ReactiveNetServerLifecycle tcp;

    @Test
    void theChatSpeaksTlsWithTheBundlesCertificate() throws Exception {
        SSLContext context = TestCerts.trusting(CA.certificate());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket("127.0.0.1", tcp.server().address().port())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(presented).isEqualTo(CHAT.certificate());
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("Welcome to the chat server!");
        }
    }
}
