package io.reactivenet.internal.address;

/** IP address text parsing with Node's rules (stub: replaced by the addresses work). */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** Node's {@code net.isIP}: 4, 6 or 0; never throws, null gives 0. */
    public static int isIP(String input) {
        return 0;
    }
}
