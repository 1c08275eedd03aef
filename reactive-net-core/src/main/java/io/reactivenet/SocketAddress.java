package io.reactivenet;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Minimal placeholder of Node's {@code net.SocketAddress}; replaced by the addresses work.
 */
public final class SocketAddress {
    private final String address;
    private final int port;
    private final String family;
    private final int flowlabel;

    private SocketAddress(String address, int port, String family, int flowlabel) {
        this.address = address;
        this.port = port;
        this.family = family;
        this.flowlabel = flowlabel;
    }

    public static SocketAddress of(String address, int port, String family, int flowlabel) {
        return new SocketAddress(address, port, family, flowlabel);
    }

    public static SocketAddress from(InetSocketAddress isa) {
        InetAddress a = isa.getAddress();
        String text = a == null ? isa.getHostString() : a.getHostAddress();
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        return new SocketAddress(a instanceof Inet6Address ? compress(text) : text, isa.getPort(),
                a instanceof Inet6Address ? "ipv6" : "ipv4", 0);
    }

    private static String compress(String full) {
        String[] parts = full.split(":");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < parts.length; i++) {
            int j = i;
            while (j < parts.length && parts[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, parts.length));
        return head + "::" + tail;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public String family() {
        return family;
    }

    public int flowlabel() {
        return flowlabel;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SocketAddress s && s.address.equals(address) && s.port == port && s.family.equals(family)
                && s.flowlabel == flowlabel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, port, family, flowlabel);
    }

    @Override
    public String toString() {
        return family.equals("ipv6") ? "[" + address + "]:" + port : address + ":" + port;
    }
}
