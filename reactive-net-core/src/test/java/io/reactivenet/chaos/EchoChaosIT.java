package io.reactivenet.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.chaos.ChaosAssert;
import io.reactivenet.testing.chaos.ChaosCase;
import io.reactivenet.testing.chaos.ChaosProxy;
import io.reactivenet.testing.chaos.PrefixCheck;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

/**
 * The echo contract through the chaos proxy, over the twenty seeded mixes: 16 MiB echoed whole
 * with the same SHA-256 when no destructive fault is in the mix; with a half-close or reset, the
 * client gets a prefix of what it sent and then either the end or a named error, never a hang or a
 * wrong byte.
 */
class EchoChaosIT {

    static final int CLEAN_BYTES = 16 << 20;
    /** Destructive mixes cut the stream anyway: a smaller payload tests the same thing for less CPU. */
    static final int CUT_BYTES = 1 << 20;
    static final int CHUNK = 64 * 1024;
    static final Duration T = Duration.ofSeconds(30);

    static byte[] data;
    static String cleanSha;

    @BeforeAll
    static void payload() throws Exception {
        data = Bytes.random(18, CLEAN_BYTES);
        cleanSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.reactivenet.testing.chaos.ChaosCase#twenty")
    void echoThroughChaos(ChaosCase c) {
        int size = c.destructive() ? CUT_BYTES : CLEAN_BYTES;
        ListeningServer server = Net.createServer(s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        NetSocket client = null;
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.address().port()),
                n -> c.mix(n, size))) {
            client = Net.connect(proxy.port(), "127.0.0.1").block(T);
            NetSocket socket = client;
            PrefixCheck check = new PrefixCheck(data, size);
            AtomicReference<Throwable> sendError = new AtomicReference<>();
            Flux<ByteBuffer> chunks = Flux.range(0, size / CHUNK)
                    .map(i -> ByteBuffer.wrap(data, i * CHUNK, CHUNK).asReadOnlyBuffer());
            Mono<Void> sending = socket.send(chunks).then(Mono.defer(socket::end)).doOnError(sendError::set);
            Signal<Void> end = ChaosAssert.ending(
                    Mono.when(socket.inbound().doOnNext(check), sending.onErrorResume(e -> Mono.empty())),
                    T, proxy, "the echo");
            String why = c + ": " + check + ", inbound " + ChaosAssert.describe(end) + ", send error "
                    + sendError.get() + "\n" + proxy.describe();
            System.out.println("echo " + why);

            assertThat(check.firstMismatch()).as("no lost, duplicated, reordered or corrupted byte: " + why).isEqualTo(-1);
            if (!c.destructive()) {
                assertThat(end.isOnComplete()).as(why).isTrue();
                assertThat(sendError.get()).as(why).isNull();
                assertThat(check.received()).as(why).isEqualTo(CLEAN_BYTES);
                assertThat(check.sha256()).as(why).isEqualTo(cleanSha);
            } else {
                assertThat(end.isOnComplete() || ChaosAssert.isNamed(end.getThrowable(), ChaosAssert.CUT_ERRORS))
                        .as("the end or a named error: " + why).isTrue();
                assertThat(sendError.get() == null || ChaosAssert.isNamed(sendError.get(), ChaosAssert.CUT_ERRORS))
                        .as("the send completes or fails with a named error: " + why).isTrue();
            }
        } finally {
            if (client != null) {
                client.destroy();
            }
            server.closeNow().block(T);
        }
    }
}
