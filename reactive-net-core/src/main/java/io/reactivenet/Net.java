package io.reactivenet;

import io.reactivenet.internal.address.IpAddresses;
import org.jspecify.annotations.Nullable;

/**
 * The entry point, like {@code require('net')}: servers, client connections and address helpers.
 */
public final class Net {

    private Net() {
    }

    /** Node's {@code net.isIP(input)}: 4 for an IPv4 address, 6 for IPv6, 0 otherwise. Never throws. */
    public static int isIP(@Nullable String input) {
        return input == null ? 0 : IpAddresses.isIP(input);
    }

    /** Node's {@code net.isIPv4(input)}. Never throws; null gives false. */
    public static boolean isIPv4(@Nullable String input) {
        return isIP(input) == 4;
    }

    /** Node's {@code net.isIPv6(input)}. Never throws; null gives false. */
    public static boolean isIPv6(@Nullable String input) {
        return isIP(input) == 6;
    }
}
