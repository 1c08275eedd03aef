package io.reactivenet.internal.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * IP address literals with Node's rules, without allocation on the parse paths.
 *
 * <p>Two grammars live here, as in Node:
 * <ul>
 *   <li>{@link #isIP(String)}: Node's {@code net.isIP}. Dotted-quad IPv4 with no leading zeros,
 *       and IPv6 in any of the standard textual forms (with an embedded dotted quad as the last
 *       32 bits), optionally followed by {@code %zone} where the zone is one or more of
 *       {@code [0-9A-Za-z.:-]}.</li>
 *   <li>{@link #parseSocketAddress}: what Node's {@code SocketAddress} accepts (libuv's
 *       {@code uv_ip4_addr}/{@code uv_ip6_addr}). The same address grammar, but for IPv6 anything
 *       after the first {@code %} is a zone and ignored, even when empty.</li>
 * </ul>
 *
 * <p>An IPv4 address is an {@code int} (network order in the bits: {@code 1.2.3.4} is
 * {@code 0x01020304}); an IPv6 address is two {@code long}s, {@code hi} (first 8 bytes) and
 * {@code lo}. Stateless and thread-safe.
 */
public final class IpAddresses {

    /** Returned by {@link #parseIPv4} for text that is not an IPv4 literal. */
    public static final long INVALID = -1L;

    /** {@link #parseSocketAddress} results. */
    public static final int OK = 0;
    public static final int BAD_ADDRESS = 1;
    /** The text holds a NUL character: Node silently truncates there; we reject. */
    public static final int HAS_NUL = 2;
    /** The IPv6 text before a {@code %zone} is longer than 39 characters: Node truncates it; we reject. */
    public static final int TOO_LONG_BEFORE_ZONE = 3;

    /** libuv keeps at most this many characters of the address before a zone id. */
    public static final int MAX_ADDRESS_BEFORE_ZONE = 39;

    private static final long MAPPED_PREFIX = 0x0000_ffffL;

    private IpAddresses() {
    }

    /** Node's {@code net.isIP}: 4, 6 or 0; never throws. */
    public static int isIP(String input) {
        if (isIPv4(input)) {
            return 4;
        }
        return isIPv6(input) ? 6 : 0;
    }

    /**
     * {@code host} as an {@link InetAddress} when it is an IP literal by {@link #isIP} (an IPv6 one
     * may carry a {@code %zone}), else null: parsed here, never looked up, so it may run on an
     * event loop. The one place that turns literal text into an address for the connect path.
     */
    public static @Nullable InetAddress toInetAddress(String host) {
        int family = isIP(host);
        try {
            if (family == 4) {
                long v4 = parseIPv4(host, 0, host.length());
                return InetAddress.getByAddress(toBytes(v4, new byte[4], 0, 4));
            }
            if (family == 6) {
                if (host.indexOf('%') >= 0) {
                    // The JDK parses an IPv6 literal (it contains ':') without a lookup and maps the zone.
                    return InetAddress.getByName(host);
                }
                long[] out = new long[2];
                parseIPv6(host, 0, host.length(), out);
                byte[] b = new byte[16];
                toBytes(out[0], b, 0, 8);
                return InetAddress.getByAddress(toBytes(out[1], b, 8, 8));
            }
        } catch (UnknownHostException e) {
            // An unknown zone: not an address we can use.
        }
        return null;
    }

    /**
     * The unsigned big-endian value of {@code b[from, from + n)}, {@code n <= 8}: an IPv4 address
     * from 4 bytes, the {@code hi} or {@code lo} half of an IPv6 address from 8.
     */
    public static long fromBytes(byte[] b, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            v = (v << 8) | (b[i] & 0xffL);
        }
        return v;
    }

    /** Writes the low {@code n} bytes of {@code v} big-endian into {@code b[from, from + n)}; returns {@code b}. */
    private static byte[] toBytes(long v, byte[] b, int from, int n) {
        for (int i = n - 1; i >= 0; i--) {
            b[from + i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    /** Node's {@code net.isIPv4}. */
    public static boolean isIPv4(String input) {
        return parseIPv4(input, 0, input.length()) != INVALID;
    }

    /** Node's {@code net.isIPv6}: an IPv6 literal, optionally with {@code %zone} ({@code [0-9A-Za-z.:-]+}). */
    public static boolean isIPv6(String input) {
        int percent = input.indexOf('%');
        int end = percent < 0 ? input.length() : percent;
        if (percent >= 0) {
            if (percent == input.length() - 1) {
                return false;
            }
            for (int i = percent + 1; i < input.length(); i++) {
                char c = input.charAt(i);
                boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || c == '-' || c == '.' || c == ':';
                if (!ok) {
                    return false;
                }
            }
        }
        return parseIPv6Hi(input, 0, end, null);
    }

    /**
     * Parses a dotted quad in {@code s[from, to)}: exactly four decimal parts of 0 to 255 with no
     * leading zeros. Returns the address as an unsigned 32-bit value, or {@link #INVALID}.
     */
    public static long parseIPv4(CharSequence s, int from, int to) {
        long result = 0;
        int parts = 0;
        int i = from;
        while (true) {
            if (i >= to) {
                return INVALID;
            }
            int start = i;
            int value = 0;
            while (i < to) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                if (i > start && value == 0) {
                    return INVALID; // leading zero
                }
                value = value * 10 + (c - '0');
                if (value > 255) {
                    return INVALID;
                }
                i++;
            }
            if (i == start) {
                return INVALID;
            }
            result = (result << 8) | value;
            parts++;
            if (parts == 4) {
                return i == to ? result : INVALID;
            }
            if (i >= to || s.charAt(i) != '.') {
                return INVALID;
            }
            i++;
        }
    }

    /**
     * Parses an IPv6 literal (no zone) in {@code s[from, to)} into {@code out[0]} (hi) and
     * {@code out[1]} (lo). Returns false, leaving {@code out} undefined, when the text is not one.
     */
    public static boolean parseIPv6(CharSequence s, int from, int to, long[] out) {
        return parseIPv6Hi(s, from, to, out);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    // Groups are accumulated into two longs as 16-bit words; a "::" remembers its word index and
    // the words after it are shifted to the end once the count is known.
    private static boolean parseIPv6Hi(CharSequence s, int from, int to, long @Nullable [] out) {
        if (from >= to) {
            return false;
        }
        int i = from;
        if (s.charAt(i) == ':') {
            if (i + 1 >= to || s.charAt(i + 1) != ':') {
                return false;
            }
            i++;
        }
        long hi = 0;
        long lo = 0;
        int words = 0;          // 16-bit words written
        int gap = -1;           // word index of "::"
        int digits = 0;
        int value = 0;
        int tokenStart = i;
        while (i < to) {
            char c = s.charAt(i++);
            int h = hex(c);
            if (h >= 0) {
                value = (value << 4) | h;
                if (++digits > 4) {
                    return false;
                }
                continue;
            }
            if (c == ':') {
                tokenStart = i;
                if (digits == 0) {
                    if (gap >= 0) {
                        return false;
                    }
                    gap = words;
                    continue;
                }
                if (i == to || words == 8) {
                    return false;
                }
                hi |= inHi(value, words);
                lo |= inLo(value, words);
                words++;
                digits = 0;
                value = 0;
                continue;
            }
            if (c == '.' && words <= 6) {
                long v4 = parseIPv4(s, tokenStart, to);
                if (v4 == INVALID) {
                    return false;
                }
                for (int half = 0; half < 2; half++, words++) {
                    long w = half == 0 ? v4 >>> 16 : v4 & 0xffff;
                    hi |= inHi(w, words);
                    lo |= inLo(w, words);
                }
                digits = 0;
                break;
            }
            return false;
        }
        if (digits > 0) {
            if (words == 8) {
                return false;
            }
            hi |= inHi(value, words);
            lo |= inLo(value, words);
            words++;
        }
        if (gap >= 0) {
            if (words == 8) {
                return false;
            }
            int shift = 8 - words;
            // move words [gap, words) to [gap + shift, 8)
            if (out == null) {
                return true;
            }
            long h = 0;
            long l = 0;
            for (int k = words - 1; k >= gap; k--) {
                long word = word(hi, lo, k);
                int dst = k + shift;
                h |= inHi(word, dst);
                l |= inLo(word, dst);
            }
            for (int k = 0; k < gap; k++) {
                long word = word(hi, lo, k);
                h |= inHi(word, k);
                l |= inLo(word, k);
            }
            out[0] = h;
            out[1] = l;
            return true;
        }
        if (words != 8) {
            return false;
        }
        if (out != null) {
            out[0] = hi;
            out[1] = lo;
        }
        return true;
    }

    /** Word {@code k} (0..7) of a 128-bit address, as an unsigned 16-bit value. */
    public static long word(long hi, long lo, int k) {
        return k < 4 ? (hi >>> (16 * (3 - k))) & 0xffff : (lo >>> (16 * (7 - k))) & 0xffff;
    }

    /**
     * Parses an address the way Node's {@code SocketAddress} does ({@code uv_ip4_addr} for
     * {@code v6 == false}, {@code uv_ip6_addr} otherwise), into {@code out} (IPv4: {@code out[1]}).
     * Returns {@link #OK}, {@link #BAD_ADDRESS}, {@link #HAS_NUL} or {@link #TOO_LONG_BEFORE_ZONE}.
     */
    public static int parseSocketAddress(String s, boolean v6, long[] out) {
        if (s.indexOf('\0') >= 0) {
            return HAS_NUL;
        }
        if (!v6) {
            long v4 = parseIPv4(s, 0, s.length());
            if (v4 == INVALID) {
                return BAD_ADDRESS;
            }
            out[0] = 0;
            out[1] = v4;
            return OK;
        }
        int percent = s.indexOf('%');
        int end = s.length();
        if (percent >= 0) {
            if (percent > MAX_ADDRESS_BEFORE_ZONE) {
                return TOO_LONG_BEFORE_ZONE;
            }
            end = percent;
        }
        return parseIPv6Hi(s, 0, end, out) ? OK : BAD_ADDRESS;
    }

    /** The 16-bit {@code word} at index {@code k} (0 to 7) of an IPv6 address, placed in its {@code hi} half (0 for k >= 4). */
    private static long inHi(long word, int k) {
        return k < 4 ? word << (16 * (3 - k)) : 0;
    }

    /** The 16-bit {@code word} at index {@code k} of an IPv6 address, placed in its {@code lo} half (0 for k < 4). */
    private static long inLo(long word, int k) {
        return k >= 4 ? word << (16 * (7 - k)) : 0;
    }

    /** Whether the IPv6 address is IPv4-mapped ({@code ::ffff:a.b.c.d}). */
    public static boolean isMapped(long hi, long lo) {
        return hi == 0 && (lo >>> 32) == MAPPED_PREFIX;
    }

    /** The IPv4-mapped IPv6 address' {@code lo} half for an IPv4 address. */
    public static long mappedLo(long v4) {
        return (MAPPED_PREFIX << 32) | (v4 & 0xffff_ffffL);
    }

    /** Dotted quad. */
    public static String formatIPv4(long v4) {
        StringBuilder sb = new StringBuilder(15);
        appendIPv4(sb, v4);
        return sb.toString();
    }

    private static void appendIPv4(StringBuilder sb, long v4) {
        sb.append((v4 >>> 24) & 0xff).append('.').append((v4 >>> 16) & 0xff).append('.')
                .append((v4 >>> 8) & 0xff).append('.').append(v4 & 0xff);
    }

    /**
     * IPv6 text as Node (libuv's {@code inet_ntop}) prints it: lowercase hex without leading
     * zeros, the first longest run of two or more zero words as {@code ::}, and a dotted quad for
     * the last 32 bits when the address is {@code ::ffff:a.b.c.d} or starts with exactly six zero
     * words.
     */
    public static String formatIPv6(long hi, long lo) {
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int k = 0; k < 8; k++) {
            if (word(hi, lo, k) == 0) {
                if (curBase < 0) {
                    curBase = k;
                    curLen = 1;
                } else {
                    curLen++;
                }
                if (curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
            } else {
                curBase = -1;
                curLen = 0;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (bestBase >= 0 && k >= bestBase && k < bestBase + bestLen) {
                if (k == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (k != 0) {
                sb.append(':');
            }
            if (k == 6 && bestBase == 0
                    && (bestLen == 6 || (bestLen == 5 && word(hi, lo, 5) == 0xffff))) {
                appendIPv4(sb, lo & 0xffff_ffffL);
                break;
            }
            sb.append(Long.toHexString(word(hi, lo, k)));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }
}
