package io.reactivenet.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

/**
 * The native load generator ({@code benchmarks/loadgen/loadgen.c}, built here with gcc) against our
 * echo server on 127.0.0.1: one short run of each kind of scenario in which every echoed byte is
 * verified and none is missing, and a server that alters bytes is caught; the same over TLS
 * (stream echo and handshakes) against our TLS echo. Skipped, saying why, on a machine without gcc
 * (and the TLS test without OpenSSL's headers, libssl-dev).
 */
class NativeLoadGenIT {

    private static final Duration T = Duration.ofSeconds(10);
    private static Path tools;
    private ListeningServer server;

    @BeforeAll
    static void build() throws Exception {
        assumeTrue(NativeTools.gccAvailable(), "gcc is not installed: the native load generator cannot be built here");
        // the test runs in the module's directory: sources in loadgen/, tools into target/
        tools = NativeTools.build(Path.of("loadgen"), Path.of("target/native-it"));
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.closeNow().block(T);
        }
    }

    private String listen(Function<NetSocket, Publisher<Void>> handler) {
        return listen(ServerOptions.defaults().noDelay(true), handler);
    }

    private String listen(ServerOptions options, Function<NetSocket, Publisher<Void>> handler) {
        server = Net.createServer(options, handler).listen(0, "127.0.0.1").block(T);
        return Integer.toString(Objects.requireNonNull(Objects.requireNonNull(server).address()).port());
    }

    /**
     * One echo round trip on a blocking socket, so that rates measured next are not the first
     * connection's cost (class loading, first JIT) on a loaded machine.
     */
    static void warm(String port) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", Integer.parseInt(port))) {
            s.setSoTimeout((int) T.toMillis());
            s.getOutputStream().write(new byte[] {1, 2, 3});
            assertThat(s.getInputStream().readNBytes(3)).containsExactly(1, 2, 3);
        }
    }

    /** Runs one loadgen command as its own process and returns the figures of its JSON line. */
    private static Map<String, Double> run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(tools.resolve("loadgen").toString()));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("loadgen finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String last = out.substring(out.lastIndexOf('\n') + 1);
            assertThat(last).startsWith("{\"type\":\"result\"");
            return Harness.numbers(last);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void streamEchoOfOursIsVerifiedByteForByte() throws Exception {
        String port = listen(s -> s.send(s.inbound()));
        Map<String, Double> r = run("stream", port, "4", "65536", "50", "400");
        // verifiedBytes counts the drain after the measured time too, so it is positive even when a
        // cold server echoes nothing within the 450 ms (its first echo can take that long under load)
        assertThat(r.get("verifiedBytes")).isPositive().isGreaterThanOrEqualTo(r.get("bytes"));
        assertThat(r.get("corrupt")).isZero();
        assertThat(r.get("unechoed")).isZero();
        assertThat(r.get("errors")).isZero();
    }

    @Test
    void smallMessagesAndLinesAreVerifiedToo() throws Exception {
        String port = listen(s -> s.send(s.inbound()));
        Map<String, Double> small = run("stream", port, "8", "128", "50", "300");
        assertThat(small.get("verifiedBytes")).isPositive();
        assertThat(small.get("corrupt")).isZero();
        assertThat(small.get("unechoed")).isZero();
        server.closeNow().block(T);
        String lines = listen(EchoServers.lineEcho());
        Map<String, Double> l = run("lines", lines, "2", "128", "50", "300");
        assertThat(l.get("verifiedBytes")).isPositive();
        assertThat(l.get("corrupt")).isZero();
        assertThat(l.get("unechoed")).isZero();
    }

    @Test
    void requestResponseAndConnectAreVerified() throws Exception {
        String port = listen(s -> s.send(s.inbound()));
        warm(port);
        Map<String, Double> rr = run("rr", port, "4", "64", "50", "300");
        assertThat(rr.get("requests")).isPositive();
        assertThat(rr.get("corrupt")).isZero();
        assertThat(rr.get("errors")).isZero();
        assertThat(rr.get("p99us")).isGreaterThanOrEqualTo(rr.get("p50us"));
        assertThat(rr.get("p999us")).isGreaterThanOrEqualTo(rr.get("p99us"));
        Map<String, Double> c = run("connect", port, "4", "64", "50", "300");
        assertThat(c.get("connections")).isPositive();
        assertThat(c.get("corrupt")).isZero();
    }

    @Test
    void tlsStreamEchoAndHandshakesAreVerified() throws Exception {
        assumeTrue(NativeTools.loadgenHasTls(tools), "loadgen was built without OpenSSL (libssl-dev is not installed)");
        // the harness's certificate, made the harness's way (openssl req), on the JDK provider
        TlsCert cert = TlsCert.create("jdk");
        assumeTrue(cert != null, "no openssl command");
        try {
            EchoServers.TlsEcho tls = new EchoServers.TlsEcho(cert.cert(), cert.key(), "jdk");
            String port = "tls:" + listen(ServerOptions.defaults().noDelay(true).tls(tls.ours()), s -> s.send(s.inbound()));
            Map<String, Double> r = run("stream", port, "4", "65536", "50", "400");
            assertThat(r.get("verifiedBytes")).isPositive().isGreaterThanOrEqualTo(r.get("bytes"));
            assertThat(r.get("corrupt")).isZero();
            assertThat(r.get("unechoed")).isZero();
            assertThat(r.get("errors")).isZero();
            Map<String, Double> c = run("connect", port, "2", "64", "50", "1000");
            assertThat(c.get("connections")).isPositive();
            assertThat(c.get("corrupt")).isZero();
        } finally {
            cert.close();
        }
    }

    @Test
    void aServerThatAltersBytesIsCaught() throws Exception {
        String port = listen(s -> s.send(s.inbound().map(b -> {
            ByteBuffer out = ByteBuffer.allocate(b.remaining());
            while (b.hasRemaining()) {
                out.put((byte) (b.get() + 1));
            }
            return out.flip();
        })));
        Map<String, Double> r = run("stream", port, "2", "1000", "0", "300");
        assertThat(r.get("verifiedBytes")).isPositive();
        assertThat(r.get("corrupt")).isPositive();
    }
}
