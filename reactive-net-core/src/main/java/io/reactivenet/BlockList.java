package io.reactivenet;

import io.reactivenet.internal.address.BlockListIndex;
import io.reactivenet.internal.address.IpAddresses;
import io.reactivenet.internal.address.JsonStrings;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * A set of rules (single addresses, ranges and subnets, IPv4 and IPv6) that blocks IP addresses:
 * as a server option it rejects peers at accept, as a client option it refuses to connect, and
 * as an operator ({@link #filter(Function)}) it drops stream elements whose address it blocks.
 *
 * <p>Node counterpart: {@code net.BlockList}. Adding rules, {@link #rules()} and
 * {@link #check(String, String)} answer exactly as Node v20 does, including its IPv4-mapped IPv6
 * behaviour: an IPv4 rule matches {@code ::ffff:a.b.c.d} checked as {@code ipv6}, and an IPv6
 * rule that covers {@code ::ffff:a.b.c.d} matches {@code a.b.c.d} checked as {@code ipv4}; a
 * range with an IPv6 endpoint that is not IPv4-mapped never matches an address checked as
 * {@code ipv4}. Where Node throws we throw a {@link NetArgumentException} with Node's code
 * ({@code ERR_INVALID_ARG_VALUE} for a bad family or a range whose start is after its end,
 * {@code ERR_INVALID_ADDRESS}, {@code ERR_OUT_OF_RANGE} for a bad prefix,
 * {@code ERR_INVALID_ARG_TYPE} for null); where Node's {@code check} returns false (an
 * unparseable address, an unknown family, {@code "::1"} checked with the default family
 * {@code ipv4}) we return false.
 *
 * <pre>{@code
 * BlockList blockList = new BlockList();
 * blockList.addAddress("123.123.123.123");
 * blockList.addRange("10.0.0.1", "10.0.0.10");
 * blockList.addSubnet("8592:757c:efae:4e45::", 64, "ipv6");
 * blockList.check("123.123.123.123");               // true
 * blockList.check("10.0.0.3");                      // true
 * blockList.check("222.111.111.222");               // false
 * blockList.check("8592:757c:efae:4e45::f", "IPv6"); // true
 * blockList.check("::ffff:7b7b:7b7b", "ipv6");      // true: IPv4-mapped 123.123.123.123
 * blockList.rules(); // [Subnet: IPv6 8592:757c:efae:4e45::/64, Range: IPv4 10.0.0.1-10.0.0.10,
 *                    //  Address: IPv4 123.123.123.123]
 * }</pre>
 *
 * <p>Beyond Node: {@code check} is O(log n) in the number of rules (Node tries every rule) and
 * allocation-free (rules are kept as sorted, merged intervals per checked family);
 * {@link #check(InetAddress)} skips text parsing for the accept path; rules can be removed
 * ({@link #removeAddress(String)}, {@link #removeRange(String, String)},
 * {@link #removeSubnet(String, int)}) and saved and loaded in Node 22's JSON format
 * ({@link #toJSON()}, {@link #fromJSON(String)}).
 *
 * <p>Deviations from Node: the address text rules of {@link SocketAddress} (a NUL character or
 * more than 39 characters before an IPv6 {@code %zone} is rejected, or gives false in
 * {@code check}, where Node silently truncates the text); {@link #fromJSON(List)} restores the
 * rules in their listed order (Node 22 adds them in array order, which reverses
 * {@link #rules()}), accepts IPv6 and mixed-family rules, and rejects a rule it cannot read instead
 * of skipping it.
 *
 * <p>Threading: every method is thread-safe. Changes are serialized under a lock and publish an
 * immutable lookup snapshot through a volatile field; {@code check} never locks, sees every rule
 * whose {@code add} returned before it started, and may run concurrently with changes.
 */
public final class BlockList {

    private static final boolean INET4_HASH_IS_ADDRESS = inet4HashIsAddress();

    private final List<BlockListRule> rules = new ArrayList<>(); // oldest first; guarded by itself
    private volatile BlockListIndex index = BlockListIndex.EMPTY;

    /** An empty block list. */
    public BlockList() {
    }

    // ------------------------------------------------------------------ adding

    /** Node's {@code blockList.addAddress(address)}: blocks one IPv4 address. */
    public void addAddress(String address) {
        addAddress(address, null);
    }

    /** Node's {@code blockList.addAddress(address, family)}; a null family means {@code "ipv4"}. */
    public void addAddress(String address, @Nullable String family) {
        addAddress(toAddress(address, "address", family));
    }

    /** Node's {@code blockList.addAddress(socketAddress)}; the port is ignored. */
    public void addAddress(SocketAddress address) {
        add(BlockListRule.address(requireAddress(address, "address")));
    }

    /** Node's {@code blockList.addRange(start, end)} for IPv4: blocks {@code start..end} inclusive. */
    public void addRange(String start, String end) {
        addRange(start, end, null);
    }

    /** Node's {@code blockList.addRange(start, end, family)}. */
    public void addRange(String start, String end, @Nullable String family) {
        SocketAddress s = toAddress(start, "start", family);
        SocketAddress e = toAddress(end, "end", family);
        addRange(s, e);
    }

    /**
     * Node's {@code blockList.addRange(start, end)} with socket addresses; the endpoints may be of
     * different families, as in Node.
     *
     * @throws NetArgumentException {@code ERR_INVALID_ARG_VALUE} when {@code start} comes after {@code end}
     */
    public void addRange(SocketAddress start, SocketAddress end) {
        add(BlockListRule.range(requireAddress(start, "start"), requireAddress(end, "end")));
    }

    /** Node's {@code blockList.addSubnet(network, prefix)} for IPv4 (prefix 0..32). */
    public void addSubnet(String network, int prefix) {
        addSubnet(network, prefix, null);
    }

    /** Node's {@code blockList.addSubnet(network, prefix, family)}: prefix 0..32 (IPv4) or 0..128 (IPv6). */
    public void addSubnet(String network, int prefix, @Nullable String family) {
        addSubnet(toAddress(network, "network", family), prefix);
    }

    /** Node's {@code blockList.addSubnet(socketAddress, prefix)}. */
    public void addSubnet(SocketAddress network, int prefix) {
        add(BlockListRule.subnet(requireAddress(network, "network"), prefix));
    }

    // ------------------------------------------------------------------ removing

    /** Removes every address rule for this IPv4 address; true if one was removed. Beyond Node. */
    public boolean removeAddress(String address) {
        return removeAddress(address, null);
    }

    /** Removes every address rule for this address; true if one was removed. Beyond Node. */
    public boolean removeAddress(String address, @Nullable String family) {
        return removeAddress(toAddress(address, "address", family));
    }

    /** Removes every address rule for this address; true if one was removed. Beyond Node. */
    public boolean removeAddress(SocketAddress address) {
        return remove(BlockListRule.address(requireAddress(address, "address")));
    }

    /** Removes every range rule with these IPv4 endpoints; true if one was removed. Beyond Node. */
    public boolean removeRange(String start, String end) {
        return removeRange(start, end, null);
    }

    /** Removes every range rule with these endpoints; true if one was removed. Beyond Node. */
    public boolean removeRange(String start, String end, @Nullable String family) {
        return removeRange(toAddress(start, "start", family), toAddress(end, "end", family));
    }

    /** Removes every range rule with these endpoints; true if one was removed. Beyond Node. */
    public boolean removeRange(SocketAddress start, SocketAddress end) {
        return remove(new BlockListRule(BlockListRule.Kind.RANGE, requireAddress(start, "start").addressOnly(),
                requireAddress(end, "end").addressOnly(), 0));
    }

    /** Removes every subnet rule with this IPv4 network text and prefix; true if one was removed. Beyond Node. */
    public boolean removeSubnet(String network, int prefix) {
        return removeSubnet(network, prefix, null);
    }

    /**
     * Removes every subnet rule with this network and prefix; true if one was removed. The
     * network must be given as it was added ({@code 10.1.2.3/8} is not {@code 10.0.0.0/8}, as
     * {@link #rules()} shows). Beyond Node.
     */
    public boolean removeSubnet(String network, int prefix, @Nullable String family) {
        return removeSubnet(toAddress(network, "network", family), prefix);
    }

    /** Removes every subnet rule with this network and prefix; true if one was removed. Beyond Node. */
    public boolean removeSubnet(SocketAddress network, int prefix) {
        return remove(BlockListRule.subnet(requireAddress(network, "network"), prefix));
    }

    // ------------------------------------------------------------------ checking

    /** Node's {@code blockList.check(address)}: the address is checked as IPv4. */
    public boolean check(String address) {
        return check(address, null);
    }

    /**
     * Node's {@code blockList.check(address, family)}: whether a rule blocks the address. False
     * (never an exception) for an unknown family or text that is not an address of the family.
     * Allocation-free, O(log n).
     *
     * @throws NetArgumentException {@code ERR_INVALID_ARG_TYPE} for a null address, as Node
     */
    public boolean check(String address, @Nullable String family) {
        SocketAddress.requireString(address, "address");
        int fam = SocketAddress.familyOrMinusOne(family);
        if (fam < 0) {
            return false;
        }
        long[] out = SocketAddress.scratch();
        if (IpAddresses.parseSocketAddress(address, fam == 6, out) != IpAddresses.OK) {
            return false;
        }
        BlockListIndex idx = index;
        return fam == 6 ? idx.containsV6(out[0], out[1]) : idx.containsV4(out[1]);
    }

    /** Node's {@code blockList.check(socketAddress)}. */
    public boolean check(SocketAddress address) {
        requireAddress(address, "address");
        BlockListIndex idx = index;
        return address.isV6() ? idx.containsV6(address.hi(), address.lo()) : idx.containsV4(address.lo());
    }

    /**
     * The accept path's check: an {@link java.net.Inet4Address} is checked as {@code ipv4}, an
     * {@link java.net.Inet6Address} as {@code ipv6}, without text. Allocation-free for IPv4; IPv6
     * costs one 16-byte copy ({@link InetAddress#getAddress()}).
     */
    public boolean check(InetAddress address) {
        Objects.requireNonNull(address, "address");
        BlockListIndex idx = index;
        if (address instanceof Inet4Address) {
            long v4;
            if (INET4_HASH_IS_ADDRESS) {
                v4 = address.hashCode() & 0xffff_ffffL;
            } else {
                v4 = IpAddresses.fromBytes(address.getAddress(), 0, 4);
            }
            return idx.containsV4(v4);
        }
        byte[] b = address.getAddress();
        return idx.containsV6(IpAddresses.fromBytes(b, 0, 8), IpAddresses.fromBytes(b, 8, 8));
    }

    // ------------------------------------------------------------------ listing and JSON

    /**
     * Node's {@code blockList.rules}: one string per rule, newest first, e.g.
     * {@code "Address: IPv4 1.1.1.1"}, {@code "Range: IPv4 10.0.0.1-10.0.0.10"},
     * {@code "Subnet: IPv6 8592:757c:efae:4e45::/64"}. A snapshot; later changes do not show.
     */
    public List<String> rules() {
        synchronized (rules) {
            List<String> out = new ArrayList<>(rules.size());
            for (int i = rules.size() - 1; i >= 0; i--) {
                out.add(rules.get(i).toString());
            }
            return Collections.unmodifiableList(out);
        }
    }

    /**
     * The rules as a JSON array of strings, Node 22's {@code blockList.toJSON()} (which returns
     * {@link #rules()}), e.g. {@code ["Address: IPv4 1.1.1.1"]}; for saving to a file.
     */
    public String toJSON() {
        List<String> list = rules();
        StringBuilder sb = new StringBuilder(32 * list.size() + 2).append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(list.get(i)).append('"'); // rule strings hold no characters to escape
        }
        return sb.append(']').toString();
    }

    /**
     * Adds the rules of a JSON array of rule strings, as {@link #toJSON()} writes (Node 22's
     * {@code blockList.fromJSON(json)}). All or nothing: nothing is added if any element is not a
     * rule.
     *
     * @throws NetArgumentException {@code ERR_INVALID_ARG_VALUE} naming the bad text or rule
     */
    public void fromJSON(String json) {
        Objects.requireNonNull(json, "json");
        List<String> list;
        try {
            list = JsonStrings.parseArray(json);
        } catch (IllegalArgumentException e) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE, String.valueOf(e.getMessage()));
        }
        fromJSON(list);
    }

    /**
     * Adds rules given as {@link #rules()} strings, newest first, so that afterwards
     * {@code rules()} starts with exactly this list. All or nothing.
     *
     * @throws NetArgumentException {@code ERR_INVALID_ARG_VALUE} naming the rule that is not one
     */
    public void fromJSON(List<String> ruleStrings) {
        Objects.requireNonNull(ruleStrings, "ruleStrings");
        List<BlockListRule> parsed = new ArrayList<>(ruleStrings.size());
        for (int i = ruleStrings.size() - 1; i >= 0; i--) {
            parsed.add(BlockListRule.parse(ruleStrings.get(i)));
        }
        synchronized (rules) {
            rules.addAll(parsed);
            index = build(rules);
        }
    }

    // ------------------------------------------------------------------ operator

    /**
     * An operator that drops the elements whose address this list blocks, for
     * {@link Flux#transform(Function)}. {@code addressOf} returns a {@link SocketAddress}, an
     * {@link InetSocketAddress}, an {@link InetAddress}, an IP literal {@code String} (its family
     * inferred) or null (never blocked).
     *
     * <pre>{@code
     * Flux<Connection> allowed = connections.transform(blockList.filter(Connection::remoteAddress));
     * }</pre>
     *
     * <p>Rules are consulted per element, so rules added meanwhile apply to later elements. A
     * dropped element goes to the discard hook ({@link Flux#filter}'s contract) and is requested
     * again from upstream. If {@code addressOf} throws or returns another type, the stream ends
     * with that error ({@code ERR_INVALID_ARG_TYPE} for a wrong type).
     */
    public <T> Function<Flux<T>, Flux<T>> filter(Function<? super T, ? extends @Nullable Object> addressOf) {
        return filter(addressOf, dropped -> { });
    }

    /**
     * Like {@link #filter(Function)}, and calls {@code onBlocked} with each dropped element before
     * it is discarded (for logging or counting; it must not block).
     */
    public <T> Function<Flux<T>, Flux<T>> filter(Function<? super T, ? extends @Nullable Object> addressOf,
            Consumer<? super T> onBlocked) {
        Objects.requireNonNull(addressOf, "addressOf");
        Objects.requireNonNull(onBlocked, "onBlocked");
        return flux -> flux.filter(element -> {
            if (blocks(addressOf.apply(element))) {
                onBlocked.accept(element);
                return false;
            }
            return true;
        });
    }

    private boolean blocks(@Nullable Object address) {
        if (address == null) {
            return false;
        }
        if (address instanceof SocketAddress) {
            return check((SocketAddress) address);
        }
        if (address instanceof InetSocketAddress) {
            InetSocketAddress isa = (InetSocketAddress) address;
            InetAddress ip = isa.getAddress();
            return ip != null ? check(ip) : checkInferred(isa.getHostString());
        }
        if (address instanceof InetAddress) {
            return check((InetAddress) address);
        }
        if (address instanceof String) {
            return checkInferred((String) address);
        }
        throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_TYPE,
                "addressOf must return a SocketAddress, InetSocketAddress, InetAddress or String. Received "
                        + address.getClass().getName() + " (" + address + ")");
    }

    private boolean checkInferred(String text) {
        return check(text, SocketAddress.inferFamily(text));
    }

    @Override
    public String toString() {
        return "BlockList { rules: " + rules() + " }";
    }

    // ------------------------------------------------------------------ internals

    private void add(BlockListRule rule) {
        BlockListIndex.Builder one = new BlockListIndex.Builder(1);
        rule.addTo(one);
        synchronized (rules) {
            rules.add(rule);
            index = index.plus(one);
        }
    }

    private boolean remove(BlockListRule rule) {
        synchronized (rules) {
            boolean removed = rules.removeIf(rule::equals);
            if (removed) {
                index = build(rules);
            }
            return removed;
        }
    }

    private static BlockListIndex build(List<BlockListRule> all) {
        BlockListIndex.Builder builder = new BlockListIndex.Builder(all.size());
        for (BlockListRule r : all) {
            r.addTo(builder);
        }
        return builder.build();
    }

    private static SocketAddress toAddress(String text, String name, @Nullable String family) {
        return SocketAddress.of(SocketAddress.requireString(text, name), 0, family, 0);
    }

    private static SocketAddress requireAddress(SocketAddress address, String name) {
        if (address == null) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_TYPE,
                    "The \"" + name + "\" argument must be a SocketAddress. Received null");
        }
        return address;
    }

    // Inet4Address.hashCode() has returned the address as an int since JDK 1.0; verify, else copy bytes.
    private static boolean inet4HashIsAddress() {
        try {
            for (byte[] b : new byte[][] {{1, 2, 3, 4}, {(byte) 255, 0, (byte) 128, 7}}) {
                InetAddress a = InetAddress.getByAddress(b);
                if (!(a instanceof Inet4Address) || (a.hashCode() & 0xffff_ffffL) != IpAddresses.fromBytes(b, 0, 4)) {
                    return false;
                }
            }
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
