package io.reactivenet.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/** The guard itself must be able to fail: a buffer dropped without release is reported. */
class LeakGuardTest {

    @Test
    void detectsADroppedBuffer() {
        org.assertj.core.api.Assertions.assertThat(ResourceLeakDetector.getLevel())
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        leakOne();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                LeakGuard.assertNoLeaks("LeakGuardTest");
            }
        }).isInstanceOf(AssertionError.class).hasMessageContaining("LEAK");
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        leaked.writeInt(42);
    }
}
