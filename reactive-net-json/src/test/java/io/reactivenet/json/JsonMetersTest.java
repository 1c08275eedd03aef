package io.reactivenet.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivenet.metrics.NetMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@link NetMetrics#malformedMessages} on an NDJSON decoder: each skipped line counted once. */
class JsonMetersTest {

    @Test
    void skippedMalformedLinesAreCounted() {
        MeterRegistry registry = new SimpleMeterRegistry();
        ByteBuffer input = ByteBuffer.wrap("1\n{oops\n2\n[\n3\n".getBytes(StandardCharsets.UTF_8));
        StepVerifier.create(Flux.just(input)
                        .transform(JsonCodec.ndjson(JsonCodecTest.MAPPER)
                                .withMalformedListener(NetMetrics.of(registry).malformedMessages("ndjson"))
                                .decoder(Integer.class)))
                .expectNext(1, 2, 3)
                .verifyComplete();
        assertThat(registry.get("reactivenet.codec.messages.malformed").tag("codec", "ndjson").counter().count())
                .isEqualTo(2);
    }
}
