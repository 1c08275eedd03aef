package io.reactivenet;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.address.BlockListIndex;
import io.reactivenet.internal.address.IpAddresses;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@link BlockList} rule as added (an address, a range or a subnet), its Node text form
 * ({@code "Subnet: IPv4 10.0.0.0/8"}) and its part of the lookup index. Equality is by kind,
 * endpoint addresses and prefix. Immutable.
 */
final class BlockListRule {

    enum Kind { ADDRESS, RANGE, SUBNET }

    final Kind kind;
    final SocketAddress first;
    final @Nullable SocketAddress second;
    final int prefix;

    BlockListRule(Kind kind, SocketAddress first, @Nullable SocketAddress second, int prefix) {
        this.kind = kind;
        this.first = first;
        this.second = second;
        this.prefix = prefix;
    }

    static BlockListRule address(SocketAddress a) {
        return new BlockListRule(Kind.ADDRESS, a.addressOnly(), null, 0);
    }

    static BlockListRule range(SocketAddress start, SocketAddress end) {
        boolean after = IpOrder.compare(start, end) > 0;
        if (after) {
            throw Checks.invalid("start", start + " and end " + end, "must come before end");
        }
        return new BlockListRule(Kind.RANGE, start.addressOnly(), end.addressOnly(), 0);
    }

    static BlockListRule subnet(SocketAddress network, int prefix) {
        Checks.range("prefix", prefix, 0, network.isV6() ? 128 : 32);
        return new BlockListRule(Kind.SUBNET, network.addressOnly(), null, prefix);
    }

    /** The rule a {@link #toString()} text describes. */
    static BlockListRule parse(String text) {
        if (text == null) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_TYPE, "A rule must be a string. Received null");
        }
        try {
            int colon = text.indexOf(": ");
            if (colon < 0 || text.length() < colon + 7 || text.charAt(colon + 6) != ' ') {
                throw new IllegalArgumentException("no 'Kind: IPvN ' head");
            }
            String kind = text.substring(0, colon);
            String fam = text.substring(colon + 2, colon + 6);
            if (!fam.equals("IPv4") && !fam.equals("IPv6")) {
                throw new IllegalArgumentException("unknown family " + fam);
            }
            String body = text.substring(colon + 7);
            switch (kind) {
                case "Address":
                    return address(SocketAddress.of(body, 0, fam, 0));
                case "Range": {
                    int dash = body.indexOf('-');
                    if (dash < 0) {
                        throw new IllegalArgumentException("no '-' between start and end");
                    }
                    String end = body.substring(dash + 1);
                    return range(SocketAddress.of(body.substring(0, dash), 0, fam, 0),
                            SocketAddress.of(end, 0, SocketAddress.inferFamily(end), 0));
                }
                case "Subnet": {
                    int slash = body.lastIndexOf('/');
                    String digits = slash < 0 ? "" : body.substring(slash + 1);
                    if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        throw new IllegalArgumentException("no '/prefix'");
                    }
                    return subnet(SocketAddress.of(body.substring(0, slash), 0, fam, 0), Integer.parseInt(digits));
                }
                default:
                    throw new IllegalArgumentException("unknown kind " + kind);
            }
        } catch (IllegalArgumentException e) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "Not a BlockList rule: '" + SocketAddress.printable(text) + "' (" + e.getMessage() + ")");
        }
    }

    void addTo(BlockListIndex.Builder b) {
        switch (kind) {
            case ADDRESS:
                b.addAddress(first.isV6(), first.hi(), first.lo());
                break;
            case RANGE:
                SocketAddress end = Objects.requireNonNull(second);
                b.addRange(first.isV6(), first.hi(), first.lo(), end.isV6(), end.hi(), end.lo());
                break;
            default:
                b.addSubnet(first.isV6(), first.hi(), first.lo(), prefix);
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof BlockListRule)) {
            return false;
        }
        BlockListRule r = (BlockListRule) o;
        return kind == r.kind && prefix == r.prefix && first.equals(r.first) && Objects.equals(second, r.second);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, first, second, prefix);
    }

    /** Node's rule text. */
    @Override
    public String toString() {
        String fam = first.isV6() ? "IPv6 " : "IPv4 ";
        switch (kind) {
            case ADDRESS:
                return "Address: " + fam + first.address();
            case RANGE:
                return "Range: " + fam + first.address() + "-" + Objects.requireNonNull(second).address();
            default:
                return "Subnet: " + fam + first.address() + "/" + prefix;
        }
    }

    /** Node's address order: same family by value; IPv4 against IPv6 only when IPv4-mapped. */
    static final class IpOrder {
        /** Negative, zero or positive; {@code Integer.MIN_VALUE} when not comparable. */
        static int compare(SocketAddress a, SocketAddress b) {
            if (a.isV6() == b.isV6()) {
                int c = Long.compareUnsigned(a.hi(), b.hi());
                return c != 0 ? c : Long.compareUnsigned(a.lo(), b.lo());
            }
            SocketAddress v6 = a.isV6() ? a : b;
            SocketAddress v4 = a.isV6() ? b : a;
            if (!IpAddresses.isMapped(v6.hi(), v6.lo())) {
                return Integer.MIN_VALUE;
            }
            int c = Long.compare(v4.lo(), v6.lo() & 0xffff_ffffL);
            return a.isV6() ? -c : c;
        }
    }
}
