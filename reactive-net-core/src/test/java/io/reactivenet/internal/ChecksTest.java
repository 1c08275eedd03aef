package io.reactivenet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.NetArgumentException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one argument-check helper: Node's ERR_OUT_OF_RANGE wording everywhere. */
class ChecksTest {

    @Test
    void rangeNamesBothBoundsAndTheValue() {
        assertThat(Checks.range("maxLength", 5, 1, 10)).isEqualTo(5);
        assertThatThrownBy(() -> Checks.range("maxLength", 0, 1, 10))
                .isInstanceOfSatisfying(NetArgumentException.class,
                        e -> assertThat(e.code()).isEqualTo(NetArgumentException.ERR_OUT_OF_RANGE))
                .hasMessage("The value of \"maxLength\" is out of range. It must be >= 1 && <= 10. Received 0");
    }

    @Test
    void atLeastAndDurations() {
        assertThat(Checks.atLeast("rawPreview", 0, 0)).isZero();
        assertThatThrownBy(() -> Checks.atLeast("rawPreview", -1, 0))
                .hasMessage("The value of \"rawPreview\" is out of range. It must be >= 0. Received -1");
        assertThat(Checks.nonNegative("timeout", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Checks.nonNegative("timeout", Duration.ofMillis(-1)))
                .hasMessageStartingWith("The value of \"timeout\" is out of range. It must be >= 0. Received ");
        assertThatThrownBy(() -> Checks.positive("timeout", Duration.ZERO))
                .hasMessage("The value of \"timeout\" is out of range. It must be > 0. Received PT0S");
        assertThatThrownBy(() -> Checks.positive("timeout", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("timeout");
    }
}
