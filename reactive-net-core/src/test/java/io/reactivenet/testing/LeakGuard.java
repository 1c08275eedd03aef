package io.reactivenet.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Fails a test class when Netty's leak detector reported a leaked buffer while it ran.
 *
 * <p>Registered twice through {@code META-INF/services}: as a {@link LauncherSessionListener} so it routes
 * Netty's logging to {@code java.util.logging} and hooks the leak logger before any Netty class
 * logs, and as an auto-detected JUnit extension whose {@code afterAll} forces a GC, makes the
 * detector poll its queue, and throws if any {@code LEAK:} report was seen. The surefire and
 * failsafe configuration sets {@code io.netty.leakDetection.level=paranoid} for every test JVM.
 */
public final class LeakGuard implements LauncherSessionListener, AfterAllCallback {

    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;
    // java.util.logging keeps loggers weakly: hold ours, or the handler is collected with it.
    private static Logger leakLogger;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        install();
    }

    /** Idempotent: safe to call from the listener and from the extension. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        leakLogger = Logger.getLogger("io.netty.util.ResourceLeakDetector");
        leakLogger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (message != null && message.contains("LEAK")) {
                    REPORTS.add(message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        leakLogger.setLevel(Level.ALL);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        install();
        assertNoLeaks(context.getDisplayName());
    }

    /** Forces the leak detector to look at collected buffers, then throws if anything leaked. */
    public static void assertNoLeaks(String where) {
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.runFinalization();
            // The detector polls its reference queue when a new buffer is tracked.
            for (int j = 0; j < 64; j++) {
                ByteBufAllocator.DEFAULT.buffer(8).release();
                PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
                Unpooled.directBuffer(8).release();
            }
        }
        if (!REPORTS.isEmpty()) {
            List<String> copy = List.copyOf(REPORTS);
            REPORTS.clear();
            throw new AssertionError("Netty reported " + copy.size() + " leak(s) by the end of " + where
                    + ":\n" + String.join("\n----\n", copy));
        }
    }
}
