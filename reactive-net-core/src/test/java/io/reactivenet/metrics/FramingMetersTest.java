package io.reactivenet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivenet.framing.Framing;
import io.reactivenet.framing.Oversized;
import io.reactivenet.testing.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@link NetMetrics#droppedFrames}: the oversized frames a DISCARD decoder skips, counted and sized. */
class FramingMetersTest {

    @Test
    void everySkippedFrameIsCountedWithItsLength() {
        MeterRegistry registry = new SimpleMeterRegistry();
        ByteBuffer input = ByteBuffer.wrap("ok\n0123456789\nfine\nabcdefghijkl\n".getBytes(StandardCharsets.UTF_8));
        StepVerifier.create(Flux.just(input)
                        .transform(Framing.lines(8).withOversized(Oversized.DISCARD)
                                .withDropListener(NetMetrics.of(registry).droppedFrames("lines")).decoder())
                        .map(Bytes::utf8))
                .expectNext("ok", "fine")
                .verifyComplete();
        assertThat(registry.get("reactivenet.framing.frames.dropped").tag("codec", "lines").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("reactivenet.framing.frames.dropped.size").tag("codec", "lines").summary()
                .totalAmount()).isEqualTo(10 + 12);
    }
}
