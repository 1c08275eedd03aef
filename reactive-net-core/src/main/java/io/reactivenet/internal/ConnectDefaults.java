package io.reactivenet.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The process-wide connect defaults behind {@code Net.setDefaultAutoSelectFamily…} and
 * {@code Net.getDefaultAutoSelectFamily…}, and Node's rule for attempt timeouts.
 *
 * <p>Kept apart from the option classes and the connect path on purpose: options only store what
 * was set (their getters never read these), a connect reads them once when it starts, and this
 * class imports nothing from {@code io.reactivenet} but the argument checks, so it closes no
 * import cycle. Thread-safe: volatile fields, each written as a whole.
 */
public final class ConnectDefaults {

    /** Node's floor for the Happy Eyeballs attempt timeout: 10 ms. */
    public static final Duration MIN_ATTEMPT_TIMEOUT = Duration.ofMillis(10);
    /** Node's default Happy Eyeballs attempt timeout: 250 ms. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMillis(250);
    private static final Duration MAX_ATTEMPT_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    private static volatile boolean autoSelectFamily = true;
    private static volatile Duration attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;

    private ConnectDefaults() {
    }

    /** The default {@code autoSelectFamily}: true unless changed. */
    public static boolean autoSelectFamily() {
        return autoSelectFamily;
    }

    /** Changes the default {@code autoSelectFamily} for connects started from now on. */
    public static void autoSelectFamily(boolean value) {
        autoSelectFamily = value;
    }

    /** The default attempt timeout: 250 ms unless changed. */
    public static Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** Changes the default attempt timeout (checked and raised as {@link #checkAttemptTimeout}). */
    public static void attemptTimeout(Duration value) {
        attemptTimeout = checkAttemptTimeout("value", value);
    }

    /**
     * Node's rule for attempt timeouts: at least 1 ms and at most 2^31-1 ms ({@code ERR_OUT_OF_RANGE}
     * otherwise); values under 10 ms are raised to 10 ms.
     */
    public static Duration checkAttemptTimeout(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_ATTEMPT_TIMEOUT) > 0) {
            throw Checks.outOfRange(name, ">= 1 ms && <= 2147483647 ms", value.toMillis() + " ms (" + value + ")");
        }
        return value.compareTo(MIN_ATTEMPT_TIMEOUT) < 0 ? MIN_ATTEMPT_TIMEOUT : value;
    }
}
