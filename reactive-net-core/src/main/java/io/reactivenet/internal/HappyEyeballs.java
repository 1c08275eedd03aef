package io.reactivenet.internal;

import io.reactivenet.ConnectOptions;
import io.reactivenet.Net;
import io.reactivenet.internal.connect.Addresses;
import io.reactivenet.internal.connect.ConnectPlan;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Node's {@code autoSelectFamily} globals, and the entry points older callers still use. The race
 * itself lives in {@link io.reactivenet.internal.connect} ({@link io.reactivenet.internal.connect.Race});
 * the argument checks in {@link ConnectPlan}. Thread-safe.
 */
public final class HappyEyeballs {

    private static volatile boolean defaultAutoSelectFamily = true;
    private static volatile Duration defaultAttemptTimeout = ConnectOptions.DEFAULT_ATTEMPT_TIMEOUT;

    private HappyEyeballs() {
    }

    /** Backs {@link Net#getDefaultAutoSelectFamily()}; read by {@link ConnectPlan#of} only. */
    public static boolean defaultAutoSelectFamily() {
        return defaultAutoSelectFamily;
    }

    /** Backs {@link Net#setDefaultAutoSelectFamily(boolean)}. */
    public static void defaultAutoSelectFamily(boolean value) {
        defaultAutoSelectFamily = value;
    }

    /** Backs {@link Net#getDefaultAutoSelectFamilyAttemptTimeout()}; read by {@link ConnectPlan#of} only. */
    public static Duration defaultAttemptTimeout() {
        return defaultAttemptTimeout;
    }

    /** Backs {@link Net#setDefaultAutoSelectFamilyAttemptTimeout(Duration)}, checked as the option is. */
    public static void defaultAttemptTimeout(Duration value) {
        defaultAttemptTimeout = checkAttemptTimeout(value, "value");
    }

    /** See {@link ConnectPlan#checkAttemptTimeout}: the one place of that rule. */
    public static Duration checkAttemptTimeout(Duration value, String name) {
        return ConnectPlan.checkAttemptTimeout(value, name);
    }

    /** See {@link Addresses#interleave}. */
    public static List<InetAddress> interleave(List<InetAddress> addresses) {
        return Addresses.interleave(addresses);
    }
}
