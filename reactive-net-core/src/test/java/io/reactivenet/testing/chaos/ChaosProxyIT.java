package io.reactivenet.testing.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.testing.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy itself: reproducible mixes, exact cut points, a stall that lasts, a close that frees everything. */
class ChaosProxyIT {

    static final Duration T = Duration.ofSeconds(10);
    static final byte[] DATA = Bytes.random(7, 100_000);

    ListeningServer server;

    @BeforeEach
    void serverThatSendsDataThenEnds() {
        server = Net.createServer(s -> s.write(DATA)).listen(0, "127.0.0.1").block(T);
    }

    @AfterEach
    void close() {
        server.closeNow().block(T);
    }

    private static Faults toClient(Cut cut, long at, long stallAt, int stallMs) {
        return new Faults(1, 1000, 0, 0, 0, stallAt, stallMs, cut, at);
    }

    private ChaosProxy proxy(Faults toClient) {
        return ChaosProxy.start(server.address().port(), new FaultMix(1, Faults.none(), toClient));
    }

    /** Reads until the end, or returns what came before an error. */
    private static byte[] readAll(Socket s, boolean[] reset) throws IOException {
        s.setSoTimeout((int) T.toMillis());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] b = new byte[8192];
        try {
            for (int n; (n = in.read(b)) >= 0; ) {
                out.write(b, 0, n);
            }
        } catch (SocketException e) {
            reset[0] = true;
        }
        return out.toByteArray();
    }

    @Test
    void theSameSeedGivesTheSameMixAndAnotherSeedAnother() {
        assertThat(FaultMix.random(42, Cut.RESET, 1 << 20)).isEqualTo(FaultMix.random(42, Cut.RESET, 1 << 20));
        assertThat(FaultMix.random(42, Cut.NONE, 1 << 20)).isNotEqualTo(FaultMix.random(43, Cut.NONE, 1 << 20));
        assertThat(ChaosCase.twenty()).hasSize(ChaosCase.COUNT);
        assertThat(ChaosCase.twenty().stream().filter(ChaosCase::destructive)).hasSize(8);
    }

    @Test
    void withoutFaultsEveryByteArrivesEvenOneByteAtATime() throws IOException {
        try (ChaosProxy proxy = proxy(toClient(Cut.NONE, -1, -1, 0)); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
            boolean[] reset = {false};
            assertThat(readAll(s, reset)).as(proxy.describe()).isEqualTo(DATA);
            assertThat(reset[0]).isFalse();
        }
    }

    @Test
    void aHalfCloseEndsTheStreamAfterExactlyThatManyBytes() throws IOException {
        try (ChaosProxy proxy = proxy(toClient(Cut.HALF_CLOSE, 12_345, -1, 0)); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
            boolean[] reset = {false};
            assertThat(readAll(s, reset)).as(proxy.describe()).isEqualTo(Arrays.copyOf(DATA, 12_345));
            assertThat(reset[0]).isFalse();
        }
    }

    @Test
    void aResetEndsTheStreamWithAnErrorAfterAtMostThatManyBytes() throws IOException {
        try (ChaosProxy proxy = proxy(toClient(Cut.RESET, 5_000, -1, 0)); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
            boolean[] reset = {false};
            byte[] got = readAll(s, reset);
            assertThat(reset[0]).as(proxy.describe()).isTrue();
            assertThat(got.length).isLessThanOrEqualTo(5_000);
            assertThat(got).isEqualTo(Arrays.copyOf(DATA, got.length));
        }
    }

    @Test
    void aStallHoldsTheBytesBackForItsDuration() throws IOException {
        try (ChaosProxy proxy = proxy(new Faults(Faults.LARGE_WRITE, 0, 0, 0, 0, 50_000, 300, Cut.NONE, -1));
             Socket s = new Socket()) {
            long start = System.nanoTime();
            s.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
            boolean[] reset = {false};
            assertThat(readAll(s, reset)).isEqualTo(DATA);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void closeStopsTheThreadAndReleasesThePort() throws IOException {
        ChaosProxy proxy = proxy(Faults.none());
        int port = proxy.port();
        Socket open = new Socket("127.0.0.1", port);
        proxy.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("chaos-proxy-" + port));
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        open.close();
    }
}
