package io.reactivenet.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The TLS scenarios' certificate: self-signed, RSA 2048, for {@code localhost} and
 * {@code 127.0.0.1}, made at run time by the {@code openssl} command into a fresh temporary
 * directory and deleted by {@link #close()}, so no key is ever committed. RSA because its signature
 * is cheap to verify and dear to make: a handshake costs the server more than the load generator,
 * so the handshake rate measures the servers. Every server of a run gets the same files.
 */
record TlsCert(Path dir, Path cert, Path key, String provider) implements AutoCloseable {

    /** The certificate, or null when {@code openssl} cannot be run here. */
    static @Nullable TlsCert create(String provider) throws IOException, InterruptedException {
        if (!provider.equals("jdk") && !provider.equals("openssl")) {
            throw new IllegalArgumentException("--tls-provider must be jdk|openssl: " + provider);
        }
        Path dir = Files.createTempDirectory("rn-bench-tls");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        List<String> cmd = List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString());
        TlsCert made = new TlsCert(dir, cert, key, provider);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            made.close();
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            made.close();
            throw new IOException("openssl req failed: " + out.trim());
        }
        return made;
    }

    /** The server options that carry it: {@code --tls-cert FILE --tls-key FILE}. */
    List<String> args() {
        return List.of("--tls-cert", cert.toString(), "--tls-key", key.toString());
    }

    String describe() {
        return "self-signed RSA 2048 certificate (openssl req, made at start); JVM servers on the " + provider
                + " provider; load generator: OpenSSL client, no session resumption";
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(key);
            Files.deleteIfExists(cert);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
