package io.reactivenet.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.framing.FrameCodec;
import io.reactivenet.framing.FramingException;
import io.reactivenet.framing.Framing;
import io.reactivenet.testing.chaos.ChaosAssert;
import io.reactivenet.testing.chaos.ChaosCase;
import io.reactivenet.testing.chaos.ChaosProxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

/**
 * The framing contract through the chaos proxy, over the twenty seeded mixes, for lines and for
 * length-field frames: a server decodes what the client sends and encodes every frame back; the
 * client gets every frame once, in order. With a half-close or reset, what it gets is a prefix of
 * the frames sent (each whole), then the end or a named error: ECONNRESET, EPIPE, or the documented
 * {@code ERR_FRAME_TRUNCATED} when the stream ended inside a frame.
 */
class FramingChaosIT {

    static final Duration T = Duration.ofSeconds(30);
    /** About 60 KiB each way: inside the proxy's small-write window, so every byte is re-chunked. */
    static final int FRAMES = 600;

    @ParameterizedTest(name = "lines {0}")
    @MethodSource("io.reactivenet.testing.chaos.ChaosCase#twenty")
    void linesThroughChaos(ChaosCase c) {
        SplittableRandom r = new SplittableRandom(c.seed());
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            // Printable ASCII: no '\n' inside a line and no '\r' at its end (which the decoder strips).
            byte[] f = new byte[r.nextInt(0, 200)];
            for (int j = 0; j < f.length; j++) {
                f[j] = (byte) r.nextInt(' ', '~' + 1);
            }
            frames.add(f);
        }
        roundTrip(c, Framing.lines(1024), frames);
    }

    @ParameterizedTest(name = "length field {0}")
    @MethodSource("io.reactivenet.testing.chaos.ChaosCase#twenty")
    void lengthFieldFramesThroughChaos(ChaosCase c) {
        SplittableRandom r = new SplittableRandom(c.seed());
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES / 6; i++) {
            byte[] f = new byte[r.nextInt(0, 1200)];
            r.nextBytes(f);
            frames.add(f);
        }
        roundTrip(c, Framing.lengthField(4096), frames);
    }

    private void roundTrip(ChaosCase c, FrameCodec codec, List<byte[]> frames) {
        long bytes = frames.stream().mapToLong(f -> f.length + 4).sum();
        ListeningServer server = Net.createServer(s -> s.send(
                        s.inbound().transform(codec.decoder()).transform(codec.encoder()::apply)))
                .listen(0, "127.0.0.1").block(T);
        NetSocket client = null;
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.address().port()),
                n -> c.mix(n, bytes))) {
            client = Net.connect(proxy.port(), "127.0.0.1").block(T);
            NetSocket socket = client;
            List<ByteBuffer> got = new CopyOnWriteArrayList<>();
            AtomicReference<Throwable> sendError = new AtomicReference<>();
            Mono<Void> sending = socket.send(codec.encoder().apply(Flux.fromIterable(frames).map(ByteBuffer::wrap)))
                    .then(Mono.defer(socket::end))
                    .doOnError(sendError::set);
            Signal<Void> end = ChaosAssert.ending(
                    Mono.when(socket.inbound().transform(codec.decoder()).doOnNext(got::add),
                            sending.onErrorResume(e -> Mono.empty())),
                    T, proxy, "the frame echo");
            String why = c + " " + codec + ": " + got.size() + " of " + frames.size() + " frames, inbound "
                    + ChaosAssert.describe(end) + ", send error " + sendError.get() + "\n" + proxy.describe();
            System.out.println("framing " + why);

            assertThat(got.size()).as("no duplicated frame: " + why).isLessThanOrEqualTo(frames.size());
            for (int i = 0; i < got.size(); i++) {
                ByteBuffer expected = ByteBuffer.wrap(frames.get(i));
                assertThat(got.get(i)).as("frame %d once, in order, intact: %s", i, why).isEqualTo(expected);
            }
            if (!c.destructive()) {
                assertThat(end.isOnComplete()).as(why).isTrue();
                assertThat(sendError.get()).as(why).isNull();
                assertThat(got).as(why).hasSize(frames.size());
            } else {
                Throwable e = end.getThrowable();
                assertThat(end.isOnComplete() || ChaosAssert.isNamed(e, ChaosAssert.CUT_ERRORS)
                                || ChaosAssert.isNamed(e, java.util.Set.of(FramingException.ERR_FRAME_TRUNCATED)))
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
