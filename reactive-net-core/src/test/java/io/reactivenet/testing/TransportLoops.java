package io.reactivenet.testing;

import io.reactivenet.NetLoops;
import io.reactivenet.Transport;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One loop on one {@link Transport} for a test class: created before its first test, shut down after
 * its last (so {@link ResourceGuard} sees its threads and descriptors gone). Register it as a static
 * field with {@code @RegisterExtension}; a class whose transport cannot run here is skipped, with
 * Netty's reason (for io_uring often the kernel's refusal: {@code io_uring_setup} EPERM or ENOSYS).
 */
public final class TransportLoops implements BeforeAllCallback, AfterAllCallback {

    private static final Duration T = Duration.ofSeconds(10);

    private final Transport transport;
    private volatile @Nullable NetLoops loops;

    public TransportLoops(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    public Transport transport() {
        return transport;
    }

    /** The loops; only between the class's first and last test. */
    public NetLoops loops() {
        NetLoops l = loops;
        if (l == null) {
            throw new IllegalStateException(transport + " loops exist only while the test class runs");
        }
        return l;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Assumptions.assumeTrue(transport.isAvailable(),
                () -> transport + " is not available here: " + transport.unavailabilityCause());
        loops = NetLoops.create("contract-" + transport.name().toLowerCase(Locale.ROOT), 1, transport);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        NetLoops l = loops;
        loops = null;
        if (l != null) {
            l.disposeLater().block(T);
        }
    }
}
