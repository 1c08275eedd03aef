package io.reactivenet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.NetArgumentException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TlsOptionsTest {

    @Test
    void closeNotifyTimeoutsDefaultToNettysAndEachSetterReturnsACopy() {
        TlsOptions base = TlsOptions.client();
        assertThat(base.closeNotifyFlushTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(base.closeNotifyReadTimeout()).isEqualTo(Duration.ZERO);

        TlsOptions flush = base.closeNotifyFlushTimeout(Duration.ofMillis(250));
        TlsOptions read = flush.closeNotifyReadTimeout(Duration.ofSeconds(1));
        assertThat(flush).isNotSameAs(base);
        assertThat(read).isNotSameAs(flush);
        assertThat(base.closeNotifyFlushTimeout()).isEqualTo(TlsOptions.DEFAULT_CLOSE_NOTIFY_FLUSH_TIMEOUT);
        assertThat(read.closeNotifyFlushTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(read.closeNotifyReadTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(flush.closeNotifyReadTimeout()).isEqualTo(Duration.ZERO);
        assertThat(base.closeNotifyFlushTimeout(Duration.ZERO).closeNotifyFlushTimeout()).isZero();
    }

    @Test
    void negativeCloseNotifyTimeoutsAreOutOfRangeAndNamed() {
        assertThatThrownBy(() -> TlsOptions.client().closeNotifyFlushTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("closeNotifyFlushTimeout").hasMessageContaining("PT-0.001S")
                .extracting(e -> ((NetArgumentException) e).code()).isEqualTo(NetArgumentException.ERR_OUT_OF_RANGE);
        assertThatThrownBy(() -> TlsOptions.client().closeNotifyReadTimeout(Duration.ofSeconds(-2)))
                .isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("closeNotifyReadTimeout").hasMessageContaining("PT-2S")
                .extracting(e -> ((NetArgumentException) e).code()).isEqualTo(NetArgumentException.ERR_OUT_OF_RANGE);
        assertThatThrownBy(() -> TlsOptions.client().closeNotifyReadTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("closeNotifyReadTimeout");
    }
}
