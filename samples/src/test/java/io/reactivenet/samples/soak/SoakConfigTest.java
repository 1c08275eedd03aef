package io.reactivenet.samples.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The soak's command line: the full run's defaults, and a clear message for each bad value. */
class SoakConfigTest {

    @Test
    void theDefaultsAreTheFullRun() throws Exception {
        SoakConfig c = SoakConfig.parse();
        assertThat(c.idle()).isEqualTo(10_000);
        assertThat(c.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.serverJvm()).contains("-Xmx512m", "-XX:TrimNativeHeapInterval=5000");
        assertThat(c.gcEvery()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void optionsOverrideTheDefaults() throws Exception {
        SoakConfig c = SoakConfig.parse("--idle", "2_000", "--duration", "90s", "--server-args", "--transport epoll",
                "--gc-every", "500ms");
        assertThat(c.idle()).isEqualTo(2_000);
        assertThat(c.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.serverArgs()).containsExactly("--transport", "epoll");
        assertThat(c.gcEvery()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> SoakConfig.parse("--idle", "many")).hasMessage("--idle is not a number: many");
        assertThatThrownBy(() -> SoakConfig.parse("--duration", "10")).hasMessageContaining("--duration is not a duration");
        assertThatThrownBy(() -> SoakConfig.parse("--duration", "0s")).hasMessage("--duration must be positive, got 0s");
        assertThatThrownBy(() -> SoakConfig.parse("--churn-workers", "0"))
                .hasMessage("--churn-workers must be at least 1, got 0");
        assertThatThrownBy(() -> SoakConfig.parse("--duration", "30s", "--load-warmup", "30s"))
                .hasMessageContaining("--load-warmup 30s must be shorter than --duration 30s");
        assertThatThrownBy(() -> SoakConfig.parse("--idle")).hasMessage("option --idle needs a value");
        assertThatThrownBy(() -> SoakConfig.parse("--idel", "5")).hasMessageStartingWith("unknown option --idel");
    }
}
