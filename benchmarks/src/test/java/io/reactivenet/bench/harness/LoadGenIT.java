package io.reactivenet.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

/**
 * The load generator against real echo servers on 127.0.0.1: every command measures something,
 * the integrity probe sees nothing wrong with a correct echo (stream and line echo) and does see a
 * server that alters bytes.
 */
class LoadGenIT {

    private static final Duration T = Duration.ofSeconds(10);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final LoadGen gen = new LoadGen(new PrintStream(printed, true, StandardCharsets.UTF_8));
    private ListeningServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.closeNow().block(T);
        }
    }

    private String listen(Function<NetSocket, Publisher<Void>> handler) {
        server = Net.createServer(ServerOptions.defaults().noDelay(true), handler).listen(0, "127.0.0.1").block(T);
        String port = Integer.toString(Objects.requireNonNull(Objects.requireNonNull(server).address()).port());
        // a server's first connection can take longer than a 350 ms run on a loaded machine (class
        // loading, first JIT): one round trip first, so every run measures an echo that is ready
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", Integer.parseInt(port))) {
            s.setSoTimeout((int) T.toMillis());
            s.getOutputStream().write(new byte[] {'\n'});
            s.getInputStream().readNBytes(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return port;
    }

    private Map<String, Double> run(String command) throws Exception {
        String line = gen.run(command.split(" "));
        assertThat(line).startsWith("RESULT ");
        return Harness.numbers(line);
    }

    @Test
    void streamEchoIsMeasuredAndIntact() throws Exception {
        String port = listen(s -> s.send(s.inbound()));
        Map<String, Double> r = run("stream " + port + " 4 1000 50 300");
        assertThat(r.get("bytes")).isPositive();
        assertThat(r.get("mbps")).isPositive();
        assertThat(r.get("corrupt")).isZero();
        assertThat(r.get("errors")).isZero();
    }

    @Test
    void lineEchoOfTheFramingOperatorsGivesBackTheSameBytes() throws Exception {
        String port = listen(EchoServers.lineEcho());
        Map<String, Double> small = run("lines " + port + " 2 128 50 300");
        assertThat(small.get("bytes")).isPositive();
        assertThat(small.get("corrupt")).isZero();
        Map<String, Double> big = run("lines " + port + " 2 65536 50 300");
        assertThat(big.get("bytes")).isPositive();
        assertThat(big.get("corrupt")).isZero();
    }

    @Test
    void integrityProbeCatchesAServerThatAltersBytes() throws Exception {
        String port = listen(s -> s.send(s.inbound().map(b -> {
            ByteBuffer out = ByteBuffer.allocate(b.remaining());
            while (b.hasRemaining()) {
                out.put((byte) (b.get() + 1));
            }
            return out.flip();
        })));
        Map<String, Double> r = run("stream " + port + " 2 1000 0 300");
        assertThat(r.get("bytes")).isPositive();
        assertThat(r.get("corrupt")).isPositive();
    }

    @Test
    void requestResponseReportsRateAndPercentiles() throws Exception {
        String port = listen(s -> s.send(s.inbound()));
        Map<String, Double> r = run("rr " + port + " 3 64 50 300");
        assertThat(r.get("requests")).isPositive();
        assertThat(r.get("p50us")).isPositive();
        assertThat(r.get("p99us")).isGreaterThanOrEqualTo(r.get("p50us"));
        assertThat(r.get("p999us")).isGreaterThanOrEqualTo(r.get("p99us"));
    }

    @Test
    void connectRateCountsWholeCycles() throws Exception {
        String port = listen(s -> s.send(s.inbound()));
        Map<String, Double> r = run("connect " + port + " 4 64 50 300");
        assertThat(r.get("connections")).isPositive();
        assertThat(r.get("errors")).isZero();
    }

    @Test
    void idleHoldsEveryConnectionThenClosesThem() throws Exception {
        String port = listen(s -> s.send(s.inbound()));
        Map<String, Double> r = run("idle " + port + " 200 100");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("IDLE-HELD n=200");
        assertThat(r.get("held")).isEqualTo(200.0);
        assertThat(r.get("errors")).isZero();
    }
}
