package io.reactivenet;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.address.IpAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An IP address, port, family and IPv6 flow label: an immutable value with
 * {@code equals}/{@code hashCode}/{@code toString}.
 *
 * <p>Node counterpart: {@code net.SocketAddress}. {@link #of(String, int, String, int)} follows
 * {@code new SocketAddress({address, port, family, flowlabel})} of Node v20 answer for answer:
 * <ul>
 *   <li>{@code family} null means {@code "ipv4"}; it is compared case-insensitively and must be
 *       {@code ipv4} or {@code ipv6}, else {@code ERR_INVALID_ARG_VALUE};</li>
 *   <li>{@code address} null means {@code "127.0.0.1"} when {@code family} is null or exactly
 *       {@code "ipv4"}, and {@code "::"} otherwise (so, as in Node, {@code of(null, 0, "IPv4", 0)}
 *       fails: {@code "::"} is not an IPv4 address);</li>
 *   <li>{@code port} outside 0..65535 is {@code ERR_SOCKET_BAD_PORT}, a negative
 *       {@code flowlabel} {@code ERR_OUT_OF_RANGE}, an address that is not a literal of the family
 *       {@code ERR_INVALID_ADDRESS} (checked in that order after the family);</li>
 *   <li>IPv4 addresses must be dotted quads without leading zeros; IPv6 addresses may end in
 *       {@code %zone}, which is dropped; {@link #address()} is normalized as Node prints it
 *       ({@code "0:0::1"} becomes {@code "::1"}, {@code "::FFFF:1.2.3.4"} {@code "::ffff:1.2.3.4"});</li>
 *   <li>an IPv4 address reports flow label 0 whatever was given.</li>
 * </ul>
 *
 * <p>Deviations from Node, each where Node is broken: an address containing a NUL character is
 * rejected ({@code ERR_INVALID_ADDRESS}; Node reads only the text before the NUL); an IPv6
 * address with more than 39 characters before {@code %zone} is rejected
 * ({@code ERR_INVALID_ADDRESS}; Node silently cuts it at 39 characters); an IPv6 flow label above
 * {@code 0xFFFFF} is rejected with {@code ERR_OUT_OF_RANGE} (Node aborts the process).
 *
 * <p>Threading: immutable, safe to share.
 */
public final class SocketAddress {

    /** The largest IPv6 flow label (20 bits). */
    public static final int MAX_FLOWLABEL = 0xFFFFF;

    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[2]);

    private final String address;
    private final int port;
    private final boolean v6;
    private final int flowlabel;
    private final long hi;
    private final long lo;

    private SocketAddress(String address, int port, boolean v6, int flowlabel, long hi, long lo) {
        this.address = address;
        this.port = port;
        this.v6 = v6;
        this.flowlabel = flowlabel;
        this.hi = hi;
        this.lo = lo;
    }

    /**
     * Node's {@code new SocketAddress({address, port, family, flowlabel})}; see the class
     * documentation for the rules.
     *
     * @throws NetArgumentException {@code ERR_INVALID_ARG_VALUE} (family),
     *     {@code ERR_SOCKET_BAD_PORT}, {@code ERR_OUT_OF_RANGE} (flow label) or
     *     {@code ERR_INVALID_ADDRESS}
     */
    public static SocketAddress of(@Nullable String address, int port, @Nullable String family, int flowlabel) {
        String fam = family == null ? "ipv4" : family;
        String addr = address != null ? address : fam.equals("ipv4") ? "127.0.0.1" : "::";
        boolean v6 = parseFamily(family, "options.family");
        NetArgumentException.checkPort(port, "options.port");
        Checks.range("options.flowlabel", flowlabel, 0, 0xFFFF_FFFFL); // Node's validateUint32
        if (v6 && flowlabel > MAX_FLOWLABEL) {
            throw Checks.outOfRange("options.flowlabel", ">= 0 && <= " + MAX_FLOWLABEL + " for an IPv6 address",
                    flowlabel);
        }
        long[] out = new long[2];
        int result = IpAddresses.parseSocketAddress(addr, v6, out);
        if (result != IpAddresses.OK) {
            throw invalidAddress(addr, v6, result);
        }
        String text = v6 ? IpAddresses.formatIPv6(out[0], out[1]) : IpAddresses.formatIPv4(out[1]);
        return new SocketAddress(text, port, v6, v6 ? flowlabel : 0, out[0], out[1]);
    }

    /**
     * A convenience Node lacks: the family is inferred from the literal (IPv6 if it contains a
     * colon, IPv4 otherwise); flow label 0.
     *
     * @throws NetArgumentException {@code ERR_INVALID_ARG_TYPE} for null, otherwise as
     *     {@link #of(String, int, String, int)}
     */
    public static SocketAddress of(String address, int port) {
        requireString(address, "address");
        return of(address, port, inferFamily(address), 0);
    }

    /**
     * Parses {@code "1.2.3.4"}, {@code "1.2.3.4:80"}, {@code "[::1]"} or {@code "[::1]:8080"},
     * like Node 23's {@code SocketAddress.parse}: empty when the text is not such a literal.
     *
     * <p>Stricter than Node, which runs the text through the WHATWG URL parser: we accept only a
     * Node IPv4 literal ({@link Net#isIPv4}) or a bracketed IPv6 literal without zone, optionally
     * followed by {@code :} and a decimal port of at most 65535 (an empty port means 0). Node
     * also accepts URL shorthand such as {@code "127.1"} or {@code "0x7f.0.0.1"}, trailing paths
     * such as {@code "1.2.3.4/x"}, and (Node 23.0 to 23.x) turns port 80 into 0; we do not.
     *
     * @throws NetArgumentException {@code ERR_INVALID_ARG_TYPE} for null
     */
    public static Optional<SocketAddress> parse(String input) {
        requireString(input, "input");
        String host;
        String rest;
        boolean v6;
        if (input.startsWith("[")) {
            int close = input.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = input.substring(1, close);
            rest = input.substring(close + 1);
            v6 = true;
            if (host.indexOf('%') >= 0 || IpAddresses.isIP(host) != 6) {
                return Optional.empty();
            }
        } else {
            int colon = input.indexOf(':');
            host = colon < 0 ? input : input.substring(0, colon);
            rest = colon < 0 ? "" : input.substring(colon);
            v6 = false;
            if (IpAddresses.isIP(host) != 4) {
                return Optional.empty();
            }
        }
        int port = 0;
        if (!rest.isEmpty()) {
            if (rest.charAt(0) != ':' || rest.length() > 6) {
                return Optional.empty();
            }
            for (int i = 1; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c < '0' || c > '9') {
                    return Optional.empty();
                }
                port = port * 10 + (c - '0');
            }
            if (port > 65535) {
                return Optional.empty();
            }
        }
        return Optional.of(of(host, port, v6 ? "ipv6" : "ipv4", 0));
    }

    /**
     * The address of a {@link InetSocketAddress}, as the server and client report peers. No DNS
     * lookup: an unresolved address must hold an IP literal.
     *
     * @throws NetArgumentException {@code ERR_INVALID_ADDRESS} for an unresolved host name
     */
    public static SocketAddress from(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return of(address.getHostString(), address.getPort());
        }
        return from(ip, address.getPort());
    }

    /** The address of an {@link InetAddress} and port; no DNS lookup. */
    public static SocketAddress from(InetAddress ip, int port) {
        Objects.requireNonNull(ip, "ip");
        NetArgumentException.checkPort(port, "port");
        byte[] b = ip.getAddress();
        if (ip instanceof Inet4Address) {
            long v4 = IpAddresses.fromBytes(b, 0, 4);
            return new SocketAddress(IpAddresses.formatIPv4(v4), port, false, 0, 0, v4);
        }
        long h = IpAddresses.fromBytes(b, 0, 8);
        long l = IpAddresses.fromBytes(b, 8, 8);
        return new SocketAddress(IpAddresses.formatIPv6(h, l), port, true, 0, h, l);
    }

    /** This address as a resolved {@link InetSocketAddress} (no DNS lookup). */
    public InetSocketAddress toInetSocketAddress() {
        byte[] b;
        if (v6) {
            b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hi >>> (56 - 8 * i));
                b[i + 8] = (byte) (lo >>> (56 - 8 * i));
            }
        } else {
            b = new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
        }
        try {
            InetAddress ip = v6 ? Inet6Address.getByAddress(null, b, null) : InetAddress.getByAddress(b);
            return new InetSocketAddress(ip, port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: literal bytes of length " + b.length, e);
        }
    }

    /** The address as Node prints it, e.g. {@code "::ffff:1.2.3.4"}; never a zone id. */
    public String address() {
        return address;
    }

    /** The port, 0..65535. */
    public int port() {
        return port;
    }

    /** {@code "ipv4"} or {@code "ipv6"}. */
    public String family() {
        return v6 ? "ipv6" : "ipv4";
    }

    /** The IPv6 flow label; always 0 for IPv4. */
    public int flowlabel() {
        return flowlabel;
    }

    boolean isV6() {
        return v6;
    }

    long hi() {
        return hi;
    }

    long lo() {
        return lo;
    }

    /** This address with port and flow label 0 (the part a BlockList rule keeps). */
    SocketAddress addressOnly() {
        return port == 0 && flowlabel == 0 ? this : new SocketAddress(address, 0, v6, 0, hi, lo);
    }

    /** Parses the family argument like Node: null is ipv4, case-insensitive, else ERR_INVALID_ARG_VALUE. */
    static boolean parseFamily(@Nullable String family, String name) {
        int fam = familyOrMinusOne(family);
        if (fam < 0) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "The property '" + name + "' is invalid. Received '" + family + "'");
        }
        return fam == 6;
    }

    /** Like {@link #parseFamily} but -1 instead of throwing (check() returns false there). */
    static int familyOrMinusOne(@Nullable String family) {
        if (family == null) {
            return 4;
        }
        switch (family.toLowerCase(Locale.ROOT)) {
            case "ipv4":
                return 4;
            case "ipv6":
                return 6;
            default:
                return -1;
        }
    }

    /** Node's {@code ERR_INVALID_ARG_TYPE} for a null where a string must be; returns the string. */
    static String requireString(@Nullable String value, String name) {
        if (value == null) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_TYPE,
                    "The \"" + name + "\" argument must be of type string. Received null");
        }
        return value;
    }

    /** The family Node's APIs infer from a literal: IPv6 if it contains a colon, IPv4 otherwise. */
    static String inferFamily(String address) {
        return address.indexOf(':') >= 0 ? "ipv6" : "ipv4";
    }

    static long[] scratch() {
        return SCRATCH.get();
    }

    private static NetArgumentException invalidAddress(String address, boolean v6, int result) {
        String family = v6 ? "ipv6" : "ipv4";
        String why;
        switch (result) {
            case IpAddresses.HAS_NUL:
                why = "it contains a NUL character";
                break;
            case IpAddresses.TOO_LONG_BEFORE_ZONE:
                why = "more than " + IpAddresses.MAX_ADDRESS_BEFORE_ZONE + " characters precede the zone id";
                break;
            default:
                why = "it is not an " + (v6 ? "IPv6" : "IPv4") + " address";
        }
        return new NetArgumentException(NetArgumentException.ERR_INVALID_ADDRESS,
                "Invalid socket address '" + printable(address) + "' for family " + family + ": " + why);
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SocketAddress)) {
            return false;
        }
        SocketAddress other = (SocketAddress) o;
        return port == other.port && v6 == other.v6 && flowlabel == other.flowlabel && hi == other.hi && lo == other.lo;
    }

    @Override
    public int hashCode() {
        return Objects.hash(hi, lo, port, v6, flowlabel);
    }

    /** Node's inspect form: {@code SocketAddress { address: '1.2.3.4', port: 80, family: 'ipv4', flowlabel: 0 }}. */
    @Override
    public String toString() {
        return "SocketAddress { address: '" + address + "', port: " + port + ", family: '" + family()
                + "', flowlabel: " + flowlabel + " }";
    }
}
