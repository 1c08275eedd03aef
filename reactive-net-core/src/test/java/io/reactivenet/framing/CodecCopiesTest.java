package io.reactivenet.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.NetArgumentException;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The shared codec plumbing: every setter returns a changed copy and leaves the original as it was. */
class CodecCopiesTest {

    @Test
    void sharedSettersCopyAndKeepTheCodecsOwnSettings() {
        LineCodec lines = Framing.lines(10).withStripCarriageReturn(false);
        LineCodec discarding = lines.withOversized(Oversized.DISCARD);
        assertThat(discarding).isNotSameAs(lines);
        assertThat(discarding.oversized()).isEqualTo(Oversized.DISCARD);
        assertThat(discarding.stripCarriageReturn()).isFalse();
        assertThat(lines.oversized()).isEqualTo(Oversized.FAIL);
        assertThat(lines.withMaxLength(20).maxLength()).isEqualTo(20);
        assertThat(lines.maxLength()).isEqualTo(10);
        assertThat(lines.withTruncation(Truncation.ALLOW).truncation()).isEqualTo(Truncation.ALLOW);
        assertThat(lines.truncation()).isEqualTo(Truncation.DISALLOW);

        DelimiterCodec pipes = Framing.delimiter("|", 5).withTruncation(Truncation.ALLOW);
        assertThat(pipes.withMaxLength(7).delimiters()).containsExactly(new byte[] {'|'});
        assertThat(pipes.withMaxLength(7).truncation()).isEqualTo(Truncation.ALLOW);

        FixedLengthCodec fixed = Framing.fixedLength(4);
        assertThat(fixed.withTruncation(Truncation.ALLOW).length()).isEqualTo(4);
        assertThat(fixed.truncation()).isEqualTo(Truncation.DISALLOW);
    }

    @Test
    void lengthFieldHeaderSettersChangeOneField() {
        LengthFieldCodec base = Framing.lengthField(100).withFieldLength(2);
        LengthFieldCodec little = base.withByteOrder(ByteOrder.LITTLE_ENDIAN);
        assertThat(little.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(little.fieldLength()).isEqualTo(2);
        assertThat(base.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        LengthFieldCodec offset = little.withFieldOffset(3).withOversized(Oversized.DISCARD);
        assertThat(offset.fieldOffset()).isEqualTo(3);
        assertThat(offset.bytesToStrip()).isEqualTo(5);
        assertThat(offset.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(little.fieldOffset()).isZero();
        assertThat(little.oversized()).isEqualTo(Oversized.FAIL);
    }

    @Test
    void everyLengthIsCheckedWithNodesWording() {
        assertThatThrownBy(() -> Framing.fixedLength(0)).isInstanceOf(NetArgumentException.class)
                .hasMessage("The value of \"length\" is out of range. It must be >= 1 && <= 2147483639. Received 0");
        assertThatThrownBy(() -> Framing.delimiter("|", 5).withMaxLength(-3))
                .hasMessage("The value of \"maxLength\" is out of range. It must be >= 1 && <= 2147483639. Received -3");
        assertThatThrownBy(() -> Framing.lines(5).withOversized(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("oversized");
    }
}
