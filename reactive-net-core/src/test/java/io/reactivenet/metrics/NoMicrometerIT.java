package io.reactivenet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Bytes;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Core without Micrometer: the failsafe execution {@code no-micrometer} (reactive-net-core's pom)
 * runs this class and the TCP suites with Micrometer removed from the class path. In the normal
 * run, where Micrometer is present, it is skipped.
 */
class NoMicrometerIT {

    private static final Duration T = Duration.ofSeconds(10);

    private static boolean micrometerPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, NoMicrometerIT.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void serverAndClientRunWithoutMicrometer() {
        assumeTrue(!micrometerPresent(), "only in the no-micrometer execution");
        ServerOptions options = ServerOptions.defaults().maxConnections(10).noDelay(true);
        assertThat(options.metrics()).isNull();
        assertThat(options.toString()).contains("metrics=null");
        assertThat(options.observations()).isNull();
        assertThat(options.toString()).contains("observations=false");
        ListeningServer server = Net.createServer(options, s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket c = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())).block(T);
            StepVerifier.create(c.inbound().map(Bytes::utf8).take(1))
                    .then(() -> c.write("ping").subscribe())
                    .expectNext("ping")
                    .verifyComplete();
            c.destroy();
            server.maxConnections(5);
            assertThat(server.maxConnections()).isEqualTo(5);
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void askingForMetricsWithoutMicrometerFailsAtTheCallOnly() {
        assumeTrue(!micrometerPresent(), "only in the no-micrometer execution");
        assertThatThrownBy(() -> NetMetrics.class.getMethod("of", Class.forName("io.micrometer.core.instrument.MeterRegistry")))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
