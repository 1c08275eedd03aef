package io.reactivenet.address;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded generators of IP addresses, their many textual forms, and mutations of those texts, for
 * the differential tests. Independent of the code under test (no use of its parser or printer).
 */
final class AddressGen {

    static final BigInteger V4_MAX = BigInteger.valueOf(0xffff_ffffL);
    static final BigInteger V6_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    static final BigInteger MAPPED = BigInteger.valueOf(0xffffL).shiftLeft(32);

    /** An address value: IPv4 (32 bits) or IPv6 (128 bits). */
    record Addr(boolean v6, BigInteger value) {
        Addr plus(long delta) {
            BigInteger v = value.add(BigInteger.valueOf(delta));
            BigInteger max = v6 ? V6_MAX : V4_MAX;
            if (v.signum() < 0 || v.compareTo(max) > 0) {
                return null;
            }
            return new Addr(v6, v);
        }

        boolean mapped() {
            return v6 && value.shiftRight(32).equals(BigInteger.valueOf(0xffff));
        }

        Addr asMapped() {
            return v6 ? this : new Addr(true, MAPPED.or(value));
        }

        Addr asV4() {
            return new Addr(false, value.and(V4_MAX));
        }
    }

    private final SplittableRandom random;

    AddressGen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return random;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    @SafeVarargs
    final <T> T pick(T... items) {
        return items[random.nextInt(items.length)];
    }

    int octet() {
        switch (random.nextInt(6)) {
            case 0: return 0;
            case 1: return 255;
            case 2: return pick(1, 10, 127, 128, 192, 254, 100, 99, 9);
            default: return random.nextInt(256);
        }
    }

    Addr v4() {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | octet();
        }
        return new Addr(false, BigInteger.valueOf(v));
    }

    int word() {
        switch (random.nextInt(5)) {
            case 0: return 0;
            case 1: return 0xffff;
            case 2: return pick(1, 0x10, 0xfe80, 0x2001, 0xdb8, 0xabcd, 0x100);
            default: return random.nextInt(0x10000);
        }
    }

    Addr v6() {
        BigInteger v;
        switch (random.nextInt(7)) {
            case 0: // IPv4-mapped
                v = MAPPED.or(v4().value());
                break;
            case 1: // IPv4-compatible ::a.b.c.d
                v = v4().value();
                break;
            case 2: // small
                v = BigInteger.valueOf(random.nextInt(5));
                break;
            case 3: // fe80::/64 host
                v = BigInteger.valueOf(0xfe80).shiftLeft(112).or(BigInteger.valueOf(random.nextLong() & 0xffff));
                break;
            default:
                v = BigInteger.ZERO;
                for (int i = 0; i < 8; i++) {
                    v = v.shiftLeft(16).or(BigInteger.valueOf(word()));
                }
        }
        return new Addr(true, v);
    }

    Addr any() {
        return chance(0.5) ? v4() : v6();
    }

    static String v4Text(BigInteger value) {
        long v = value.longValue();
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    static int[] words(BigInteger value) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        return w;
    }

    /** A valid text for the address, in one of several forms. */
    String text(Addr a) {
        if (!a.v6()) {
            return v4Text(a.value());
        }
        int[] w = words(a.value());
        StringBuilder sb = new StringBuilder();
        int form = random.nextInt(6);
        boolean upper = chance(0.15);
        boolean dotted = (form == 4) || (a.mapped() && chance(0.5));
        int groups = dotted ? 6 : 8;
        // choose a zero run to compress (any run of >= 1 zero words, not necessarily the longest)
        int gapStart = -1;
        int gapLen = 0;
        if (form != 0) {
            List<int[]> runs = new ArrayList<>();
            for (int i = 0; i < groups; i++) {
                if (w[i] == 0) {
                    int j = i;
                    while (j < groups && w[j] == 0) {
                        j++;
                    }
                    runs.add(new int[] {i, j - i});
                    i = j;
                }
            }
            if (!runs.isEmpty()) {
                int[] run = runs.get(random.nextInt(runs.size()));
                gapStart = run[0];
                gapLen = run[1];
                if (gapLen > 1 && chance(0.3)) {
                    gapLen = 1 + random.nextInt(gapLen);
                }
            }
        }
        for (int i = 0; i < groups; i++) {
            if (i == gapStart) {
                sb.append(i == 0 ? "::" : ":");
                i += gapLen - 1;
                continue;
            }
            String h = form == 5 ? String.format("%04x", w[i]) : Integer.toHexString(w[i]);
            sb.append(h);
            if (i < groups - 1 || dotted) {
                sb.append(':');
            }
        }
        if (dotted) {
            sb.append(v4Text(a.value().and(V4_MAX)));
        }
        String s = sb.toString();
        if (s.endsWith(":") && !s.endsWith("::")) {
            s = s.substring(0, s.length() - 1);
        }
        if (upper) {
            s = s.toUpperCase(Locale.ROOT);
        }
        if (chance(0.1)) {
            s += "%" + pick("eth0", "1", "lo", "en0.1", "a-b");
        }
        return s;
    }

    private static final String ALPHABET = "0123456789abcdefABCDEF:.%g x-/[]";

    /** A text mutated 1 to 3 times: often invalid, sometimes still valid. */
    String mutate(String s) {
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            int len = s.length();
            int at = len == 0 ? 0 : random.nextInt(len + 1);
            switch (random.nextInt(11)) {
                case 0:
                    if (len > 0) {
                        int i = random.nextInt(len);
                        s = s.substring(0, i) + s.substring(i + 1);
                    }
                    break;
                case 1:
                    s = s.substring(0, at) + ALPHABET.charAt(random.nextInt(ALPHABET.length())) + s.substring(at);
                    break;
                case 2:
                    if (len > 0) {
                        int i = random.nextInt(len);
                        s = s.substring(0, i) + ALPHABET.charAt(random.nextInt(ALPHABET.length())) + s.substring(i + 1);
                    }
                    break;
                case 3:
                    if (len > 1) {
                        int i = random.nextInt(len);
                        int j = i + random.nextInt(len - i);
                        s = s.substring(0, j) + s.substring(i, j) + s.substring(j);
                    }
                    break;
                case 4:
                    s = s.replaceFirst("\\.", ":");
                    break;
                case 5:
                    s = s.substring(0, at);
                    break;
                case 6: // leading zero on a segment
                    s = s.substring(0, at) + "0" + s.substring(at);
                    break;
                case 7:
                    s = s + "%" + pick("", "eth0", "%", "a b", "0", "x".repeat(1 + random.nextInt(50)));
                    break;
                case 8:
                    s = chance(0.5) ? " " + s : s + pick(" ", "\n", "\t");
                    break;
                case 9:
                    s = s.substring(0, at) + (chance(0.5) ? "\0" : "::") + s.substring(at);
                    break;
                default:
                    s = s.replace("::", pick(":0:", ":", ":::", "::0::"));
            }
        }
        return s;
    }
}
