package io.reactivenet.internal.connect;

import io.reactivenet.ConnectOptions;
import io.reactivenet.SocketAddress;
import io.reactivenet.internal.address.IpAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The addresses of a connect: IP literals (Node's {@code net.isIP} rules, parsed without any
 * lookup), the family filter of a lookup result and the RFC 8305 attempt order. Stateless.
 */
public final class Addresses {

    private Addresses() {
    }

    /**
     * {@code text} as an address when Node's {@code net.isIP} calls it one (dotted quad without
     * leading zeros, IPv6 with an optional {@code %zone}); null otherwise, or when the zone names no
     * interface here. Parsed only, never resolved: we may be on an event loop. An IPv4-mapped IPv6
     * literal stays IPv6, as in Node. Anything else ({@code "127.1"}, {@code "[::1]"}) is a host
     * name for the lookup, as in Node.
     */
    public static @Nullable InetAddress literal(String text) {
        try {
            switch (IpAddresses.isIP(text)) {
                case 4: {
                    long v4 = IpAddresses.parseIPv4(text, 0, text.length());
                    return InetAddress.getByAddress(new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16),
                            (byte) (v4 >>> 8), (byte) v4});
                }
                case 6: {
                    if (text.indexOf('%') >= 0) {
                        // A zone: the JDK parses the literal and looks the interface up, no DNS.
                        return InetAddress.getByName(text);
                    }
                    long[] words = new long[2];
                    IpAddresses.parseIPv6(text, 0, text.length(), words);
                    byte[] bytes = new byte[16];
                    for (int i = 0; i < 16; i++) {
                        bytes[i] = (byte) (words[i / 8] >>> (8 * (7 - i % 8)));
                    }
                    // Inet6Address.getByAddress keeps ::ffff:a.b.c.d as IPv6 (InetAddress's would not).
                    return Inet6Address.getByAddress(null, bytes, -1);
                }
                default:
                    return null;
            }
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Node's family number of an address: 4 or 6. */
    public static int familyOf(InetAddress address) {
        return address instanceof Inet6Address ? 6 : 4;
    }

    /** An address as Node prints it: IPv6 compressed (RFC 5952: {@code ::1}), the zone kept. */
    public static String text(InetAddress address) {
        String full = address.getHostAddress();
        if (!(address instanceof Inet6Address)) {
            return full;
        }
        int zone = full.indexOf('%');
        String compressed = SocketAddress.from(new InetSocketAddress(address, 0)).address();
        return zone >= 0 ? compressed + full.substring(zone) : compressed;
    }

    /**
     * The addresses of the requested {@code family} (0: all). With {@code family} 6 and
     * {@link ConnectOptions#HINT_V4MAPPED}, IPv4 results are kept too when no IPv6 one was found
     * (with {@link ConnectOptions#HINT_ALL}: in any case), as the JDK has no IPv4-mapped results.
     */
    public static List<InetAddress> ofFamily(List<InetAddress> found, int family, int hints) {
        if (family == 0) {
            return found;
        }
        List<InetAddress> wanted = found.stream().filter(a -> familyOf(a) == family).toList();
        if (family == 6 && (hints & ConnectOptions.HINT_V4MAPPED) != 0
                && (wanted.isEmpty() || (hints & ConnectOptions.HINT_ALL) != 0)) {
            List<InetAddress> withMapped = new ArrayList<>(wanted);
            found.stream().filter(a -> a instanceof Inet4Address).forEach(withMapped::add);
            return withMapped;
        }
        return wanted;
    }

    /**
     * The order attempts are made in (RFC 8305 §4, as Node): duplicates dropped, addresses grouped
     * by family keeping their order, the first address's family first, then the families alternate;
     * what is left of the longer family comes last, in its order.
     */
    public static List<InetAddress> interleave(List<InetAddress> addresses) {
        Set<InetAddress> unique = new LinkedHashSet<>(addresses);
        List<InetAddress> first = new ArrayList<>();
        List<InetAddress> second = new ArrayList<>();
        boolean firstIsV6 = !unique.isEmpty() && unique.iterator().next() instanceof Inet6Address;
        for (InetAddress a : unique) {
            ((a instanceof Inet6Address) == firstIsV6 ? first : second).add(a);
        }
        List<InetAddress> out = new ArrayList<>(unique.size());
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                out.add(first.get(i));
            }
            if (i < second.size()) {
                out.add(second.get(i));
            }
        }
        return out;
    }
}
