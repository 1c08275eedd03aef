package io.reactivenet.address;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.BlockList;
import io.reactivenet.Net;
import io.reactivenet.NetArgumentException;
import io.reactivenet.SocketAddress;
import io.reactivenet.address.AddressGen.Addr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test against a real Node.js process: net.isIP/isIPv4/isIPv6, new SocketAddress(...)
 * and BlockList (adds, errors, checks, rules) on hand-picked and seeded random inputs. Every answer
 * must agree with Node except the documented deviations, which are counted separately and checked
 * against our documented behaviour. {@code -Daddresses.seed=N} replays a run.
 */
class AddressDifferentialTest {

    private static final long SEED = Long.getLong("addresses.seed", 0x5eed_2026_1121L);

    private static NodeOracle node;
    private static final Map<String, int[]> SUMMARY = new LinkedHashMap<>(); // area -> {compared, deviations}

    @BeforeAll
    static void startNode() {
        node = NodeOracle.start("address-oracle.js");
        String version = node.ask("{\"op\":\"version\"}").get(0);
        System.out.println("[addresses] node " + version + ", seed " + SEED);
        assertThat(Integer.parseInt(version.substring(1, version.indexOf('.'))))
                .as("Node.js major version (Node v20 is the reference)").isGreaterThanOrEqualTo(20);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
        SUMMARY.forEach((area, n) -> System.out.println(
                "[addresses] " + area + ": " + n[0] + " answers compared, 100% agreement; "
                        + n[1] + " documented deviations"));
    }

    private static void count(String area, int compared, int deviations) {
        int[] n = SUMMARY.computeIfAbsent(area, k -> new int[2]);
        n[0] += compared;
        n[1] += deviations;
    }

    // ------------------------------------------------------------------ isIP and SocketAddress

    static final List<String> HAND_PICKED = List.of(
            "", " ", "1.2.3.4", "0.0.0.0", "255.255.255.255", "256.0.0.0", "1.2.3", "1.2.3.4.5", "01.2.3.4",
            "1.02.3.4", "1.2.3.04", "1.2.3.00", "00.0.0.0", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4\n", "1..2.3",
            "1.2.3.", ".1.2.3", "1.2.3.-4", "+1.2.3.4", "0x7f.0.0.1", "127.1", "1.2.3.4:80", "::", ":::", "::1",
            "1::", "1:::", ":1::", "::1:", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8", "1::2:3:4:5:6:7", "1::2:3:4:5:6:7:8", "1::2::3", "12345::", "fffff::",
            "FFFF::", "::ffff:1.2.3.4", "::FFFF:1.2.3.4", "::ffff:01.2.3.4", "::ffff:1.2.3", "::ffff:256.1.1.1",
            "::1.2.3.4", "1.2.3.4::", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5::1.2.3.4",
            "1:2:3:4:5:6::1.2.3.4", "::1.2.3.4:1", "::ffff:7b7b:7b7b", "0:0:0:0:0:ffff:7b7b:7b7b", "fe80::1%eth0",
            "fe80::1%", "fe80::1%%", "fe80::1%eth0%1", "fe80::1%a:b.c-d", "fe80::1%a b", "fe80::1%é", "1.2.3.4%eth0",
            "::1%1", "0000:0000:0000:0000:0000:0000:0000:0001", "00000:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:ffff:255.255.255.255",
            "0000:0000:0000:0000:0000:ffff:255.255.255.255%eth0", "0000:0000:0000:0000:0000:0000:0000:0001%eth0",
            "0000:0000:0000:0000:0000:0000:0000:0001x%eth0", "0000:0000:0000:0000:0000:0000:0000:00001%eth0",
            "[::1]", "::1]", "1.2.3.4\u0000", "1.2.3.4\u00005", "::1\u0000zz", "１.2.3.4", "::g", "a::b::c",
            "8592:757c:efae:4e45::f", "2001:db8::", "2001:DB8::1", "::0.0.0.1", "::0.0.1.0", "::1:2", "::ffff:0:1",
            "1:0:0:2:0:0:0:3", "0:0:1::", "1:2:3:4:5:6:7:0", "localhost", "example.com", "1.2.3.4/8", "::/0");

    @Test
    void isIpAndSocketAddressAgreeWithNode() {
        AddressGen gen = new AddressGen(SEED);
        List<String> inputs = new ArrayList<>(HAND_PICKED);
        for (int i = 0; i < 1600; i++) {
            String valid = gen.text(gen.any());
            inputs.add(i % 4 == 0 ? valid : gen.mutate(valid));
        }
        List<String> mismatches = new ArrayList<>();
        int isIpCompared = 0;
        int saCompared = 0;
        int saDeviations = 0;
        int nodeTruncated = 0;
        for (String input : inputs) {
            List<String> expected = node.ask("{\"op\":\"isIP\",\"input\":" + NodeOracle.json(input) + "}");
            List<String> actual = List.of(String.valueOf(Net.isIP(input)), String.valueOf(Net.isIPv4(input)),
                    String.valueOf(Net.isIPv6(input)));
            isIpCompared++;
            if (!expected.equals(actual)) {
                mismatches.add("isIP(" + NodeOracle.json(input) + "): node " + expected + " ours " + actual);
            }
            // the same text as a SocketAddress, with random family, port and flow label
            String family = gen.pick(input.indexOf(':') >= 0 ? "ipv6" : "ipv4", "ipv4", "ipv6", null, "IPv6", "IPV4", "Ipv6");
            int port = gen.pick(0, 0, 80, 65535, 8080, -1, 65536, gen.nextInt(70000));
            int flowlabel = gen.pick(0, 0, 0, 1, 0xFFFFF, 12345, -1, 0x100000);
            String address = gen.chance(0.03) ? null : input;
            Outcome ours = ourSocketAddress(address, port, family, flowlabel);
            if (isDeviation(address, port, family, flowlabel)) {
                saDeviations++;
                boolean aborts = abortsNode(family, flowlabel);
                String code = aborts ? NetArgumentException.ERR_OUT_OF_RANGE : NetArgumentException.ERR_INVALID_ADDRESS;
                if (!ours.answer.equals(List.of("err:" + code))) {
                    mismatches.add("deviation case " + describe(address, port, family, flowlabel) + " gave " + ours.answer);
                }
                if (!aborts) {
                    // Node does not crash on these; record that it silently truncates instead
                    List<String> n = node.ask(saCase(address, port, family, flowlabel));
                    if (n.get(0).equals("ok")) {
                        nodeTruncated++;
                    }
                }
                continue;
            }
            List<String> expectedSa = node.ask(saCase(address, port, family, flowlabel));
            saCompared++;
            if (!expectedSa.equals(ours.answer)) {
                mismatches.add("SocketAddress " + describe(address, port, family, flowlabel) + ": node " + expectedSa
                        + " ours " + ours.answer);
            }
        }
        for (String[] c : new String[][] {{null, "ipv4"}, {null, null}, {null, "ipv6"}, {null, "IPV4"}, {null, "IPv6"}, {null, "foo"}, {null, ""}}) {
            List<String> expectedSa = node.ask(saCase(c[0], 0, c[1], 0));
            saCompared++;
            Outcome ours = ourSocketAddress(c[0], 0, c[1], 0);
            if (!expectedSa.equals(ours.answer)) {
                mismatches.add("SocketAddress defaults " + Arrays.toString(c) + ": node " + expectedSa + " ours " + ours.answer);
            }
        }
        System.out.println("[addresses] " + saDeviations + " deviation inputs; Node accepted " + nodeTruncated
                + " of those it could be asked (truncating at NUL or at 39 characters)");
        assertThat(mismatches).as("disagreements with Node (seed %d)", SEED).isEmpty();
        count("isIP/isIPv4/isIPv6", isIpCompared * 3, 0);
        count("SocketAddress", saCompared, saDeviations);
    }

    private static String saCase(String address, int port, String family, int flowlabel) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("op", "sa");
        c.put("address", address);
        c.put("port", port);
        c.put("family", family);
        c.put("flowlabel", flowlabel);
        return NodeOracle.json(c);
    }

    private static String describe(String address, int port, String family, int flowlabel) {
        return "{address: " + NodeOracle.json(address) + ", port: " + port + ", family: " + NodeOracle.json(family)
                + ", flowlabel: " + flowlabel + "}";
    }

    record Outcome(List<String> answer) {
    }

    private static Outcome ourSocketAddress(String address, int port, String family, int flowlabel) {
        try {
            SocketAddress s = SocketAddress.of(address, port, family, flowlabel);
            return new Outcome(List.of("ok", s.address(), String.valueOf(s.port()), s.family(),
                    String.valueOf(s.flowlabel())));
        } catch (NetArgumentException e) {
            assertThat(e.getMessage()).as("message of %s", e.code()).isNotBlank();
            return new Outcome(List.of("err:" + e.code()));
        }
    }

    /** Inputs where we deliberately differ from Node (documented in SocketAddress' javadoc). */
    static boolean isDeviation(String address, int port, String family, int flowlabel) {
        String fam = family == null ? "ipv4" : family.toLowerCase(Locale.ROOT);
        if (!fam.equals("ipv4") && !fam.equals("ipv6")) {
            return false;
        }
        if (port < 0 || port > 65535 || flowlabel < 0) {
            return false;
        }
        boolean v6 = fam.equals("ipv6");
        if (v6 && flowlabel > SocketAddress.MAX_FLOWLABEL) {
            return true; // Node aborts the process
        }
        String addr = address != null ? address : "ipv4".equals(family == null ? "ipv4" : family) ? "127.0.0.1" : "::";
        if (addr.indexOf('\0') >= 0) {
            return true; // Node truncates at the NUL
        }
        return v6 && addr.indexOf('%') > 39; // Node truncates the text before the zone at 39 characters
    }

    private static boolean abortsNode(String family, int flowlabel) {
        return "ipv6".equals(family == null ? null : family.toLowerCase(Locale.ROOT))
                && flowlabel > SocketAddress.MAX_FLOWLABEL;
    }

    // ------------------------------------------------------------------ BlockList

    /** One step of a scenario, run on Node and on us. */
    record Step(String kind, boolean socketAddresses, List<Object> args) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", kind);
            m.put("sa", socketAddresses);
            m.put("a", args);
            return m;
        }
    }

    @Test
    void blockListAgreesWithNode() {
        AddressGen gen = new AddressGen(SEED ^ 0xb10c);
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int checks = 0;
        List<List<Step>> scenarios = new ArrayList<>(handPickedScenarios());
        for (int i = 0; i < 160; i++) {
            scenarios.add(randomScenario(gen, i < 20 ? 60 : 1 + gen.nextInt(12)));
        }
        for (int i = 0; i < 3; i++) {
            scenarios.add(randomScenario(gen, 400)); // exercises the index's merge of recent rules into the main set
        }
        for (List<Step> steps : scenarios) {
            List<Object> json = new ArrayList<>();
            steps.forEach(s -> json.add(s.json()));
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("op", "bl");
            c.put("steps", json);
            List<String> expected = node.ask(NodeOracle.json(c));
            List<String> actual = runOurs(steps);
            compared += Math.max(expected.size(), actual.size());
            checks += (int) steps.stream().filter(s -> s.kind.equals("check")).count();
            if (!expected.equals(actual)) {
                StringBuilder sb = new StringBuilder("scenario differs:\n");
                for (int k = 0; k < Math.max(expected.size(), actual.size()); k++) {
                    String e = k < expected.size() ? expected.get(k) : "<none>";
                    String a = k < actual.size() ? actual.get(k) : "<none>";
                    String what = k < steps.size() ? steps.get(k).kind + " " + steps.get(k).args + (steps.get(k).socketAddresses ? " (SocketAddress)" : "") : "rules";
                    sb.append(e.equals(a) ? "   " : "!! ").append(what).append(" -> node ").append(e).append(", ours ").append(a).append('\n');
                }
                mismatches.add(sb.toString());
            }
        }
        System.out.println("[addresses] BlockList: " + scenarios.size() + " scenarios, " + checks + " checks");
        assertThat(mismatches).as("disagreements with Node (seed %d)", SEED).isEmpty();
        count("BlockList (add results, checks, rules)", compared, 0);
    }

    private static List<String> runOurs(List<Step> steps) {
        BlockList list = new BlockList();
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(outcome(() -> run(list, s)));
        }
        list.rules().forEach(r -> out.add("rule:" + r));
        return out;
    }

    private static String outcome(Supplier<Object> call) {
        try {
            Object r = call.get();
            return r == null ? "ok" : String.valueOf(r);
        } catch (NetArgumentException e) {
            return "err:" + e.code();
        }
    }

    @SuppressWarnings("unchecked")
    private static SocketAddress sa(Object pair) {
        List<String> p = (List<String>) pair;
        return SocketAddress.of(p.get(0), 0, p.get(1), 0);
    }

    private static Object run(BlockList list, Step s) {
        List<Object> a = s.args;
        switch (s.kind) {
            case "addAddress":
                if (s.socketAddresses) {
                    list.addAddress(sa(a.get(0)));
                } else {
                    list.addAddress((String) a.get(0), (String) a.get(1));
                }
                return null;
            case "addRange":
                if (s.socketAddresses) {
                    list.addRange(sa(a.get(0)), sa(a.get(1)));
                } else {
                    list.addRange((String) a.get(0), (String) a.get(1), (String) a.get(2));
                }
                return null;
            case "addSubnet":
                if (s.socketAddresses) {
                    list.addSubnet(sa(a.get(0)), (Integer) a.get(1));
                } else {
                    list.addSubnet((String) a.get(0), (Integer) a.get(1), (String) a.get(2));
                }
                return null;
            case "check":
                return s.socketAddresses ? list.check(sa(a.get(0))) : list.check((String) a.get(0), (String) a.get(1));
            default:
                throw new IllegalArgumentException(s.kind);
        }
    }

    private static List<List<Step>> handPickedScenarios() {
        List<List<Step>> all = new ArrayList<>();
        // Node's documentation example
        all.add(List.of(
                new Step("addAddress", false, Arrays.asList("123.123.123.123", null)),
                new Step("addRange", false, Arrays.asList("10.0.0.1", "10.0.0.10", null)),
                new Step("addSubnet", false, Arrays.asList("8592:757c:efae:4e45::", 64, "ipv6")),
                new Step("check", false, Arrays.asList("123.123.123.123", null)),
                new Step("check", false, Arrays.asList("10.0.0.3", null)),
                new Step("check", false, Arrays.asList("222.111.111.222", null)),
                new Step("check", false, Arrays.asList("8592:757c:efae:4e45::f", "ipv6")),
                new Step("check", false, Arrays.asList("8592:757c:efae:4e45::f", "IPv6")),
                new Step("check", false, Arrays.asList("::ffff:7b7b:7b7b", "ipv6")),
                new Step("check", false, Arrays.asList("::ffff:123.123.123.123", "ipv6")),
                new Step("check", false, Arrays.asList("::1", null)),
                new Step("check", false, Arrays.asList("1.1.1.1", "foo")),
                new Step("check", false, Arrays.asList("10.0.0.3", "")),
                new Step("addAddress", false, Arrays.asList("1.1.1.1", "foo")),
                new Step("addAddress", false, Arrays.asList("::1", null)),
                new Step("addRange", false, Arrays.asList("10.0.0.10", "10.0.0.1", null)),
                new Step("addSubnet", false, Arrays.asList("1.2.3.4", 33, null)),
                new Step("addSubnet", false, Arrays.asList("::", 129, "ipv6")),
                new Step("addSubnet", false, Arrays.asList("::", -1, "ipv6")),
                new Step("addSubnet", false, Arrays.asList("x", 99, "ipv6"))));
        // IPv6 subnets and IPv4 checks
        all.add(List.of(
                new Step("addSubnet", false, Arrays.asList("::", 64, "ipv6")),
                new Step("check", false, Arrays.asList("1.2.3.4", null)),
                new Step("check", false, Arrays.asList("::ffff:1.2.3.4", "ipv6")),
                new Step("check", false, Arrays.asList("1::", "ipv6")),
                new Step("addSubnet", false, Arrays.asList("0.0.0.0", 0, null)),
                new Step("addSubnet", false, Arrays.asList("1.2.3.4", 32, null)),
                new Step("addSubnet", false, Arrays.asList("::ffff:1.2.3.4", 120, "ipv6")),
                new Step("check", false, Arrays.asList("9.9.9.9", null)),
                new Step("check", false, Arrays.asList("::1", "ipv6")),
                new Step("check", false, Arrays.asList("fe80::1%eth0", "ipv6"))));
        // mixed-family ranges through SocketAddress objects
        all.add(List.of(
                new Step("addRange", true, List.of(List.of("1.2.3.4", "ipv4"), List.of("::1", "ipv6"))),
                new Step("addRange", true, List.of(List.of("::1", "ipv6"), List.of("1.2.3.4", "ipv4"))),
                new Step("addRange", true, List.of(List.of("::ffff:1.2.3.9", "ipv6"), List.of("1.2.3.4", "ipv4"))),
                new Step("addRange", true, List.of(List.of("1.2.3.4", "ipv4"), List.of("::ffff:1.2.3.9", "ipv6"))),
                new Step("addRange", true, List.of(List.of("::1", "ipv6"), List.of("::ffff:1.2.3.9", "ipv6"))),
                new Step("check", false, Arrays.asList("1.2.3.5", null)),
                new Step("check", false, Arrays.asList("1.2.3.10", null)),
                new Step("check", false, Arrays.asList("::ffff:1.2.3.5", "ipv6")),
                new Step("check", false, Arrays.asList("::2", "ipv6")),
                new Step("check", true, List.of(List.of("::ffff:1.2.3.5", "ipv6")))));
        return all;
    }

    private List<Step> randomScenario(AddressGen gen, int rules) {
        List<Step> steps = new ArrayList<>();
        List<Addr> points = new ArrayList<>();
        // keep values close together so rules overlap and touch
        Addr base4 = gen.v4();
        Addr base6 = gen.chance(0.4) ? base4.asMapped() : gen.v6();
        for (int r = 0; r < rules; r++) {
            boolean v6 = gen.chance(0.45);
            Addr a = near(gen, v6 ? base6 : base4);
            String fam = v6 ? gen.pick("ipv6", "IPv6", "IPV6") : gen.pick(null, "ipv4", "IPv4");
            boolean viaSa = gen.chance(0.15);
            switch (gen.nextInt(3)) {
                case 0: {
                    String text = maybeBroken(gen, safe(gen, a));
                    steps.add(viaSa ? new Step("addAddress", true, List.of(Arrays.asList(text, fam)))
                            : new Step("addAddress", false, Arrays.asList(text, fam)));
                    addPoints(points, a, a);
                    break;
                }
                case 1: {
                    Addr b = near(gen, gen.chance(0.15) ? (v6 ? base4 : base6) : a);
                    if (!viaSa && b.v6() != a.v6()) {
                        b = near(gen, a);
                    }
                    boolean swap = (b.v6() == a.v6() && b.value().compareTo(a.value()) < 0) != gen.chance(0.08);
                    Addr s = swap ? b : a;
                    Addr e = swap ? a : b;
                    String sText = maybeBroken(gen, safe(gen, s));
                    String eText = maybeBroken(gen, safe(gen, e));
                    if (viaSa) {
                        steps.add(new Step("addRange", true, List.of(Arrays.asList(sText, famOf(gen, s)),
                                Arrays.asList(eText, famOf(gen, e)))));
                    } else {
                        steps.add(new Step("addRange", false, Arrays.asList(sText, eText, fam)));
                    }
                    addPoints(points, s, e);
                    break;
                }
                default: {
                    int max = v6 ? 128 : 32;
                    int prefix = gen.chance(0.1) ? gen.pick(-1, max + 1) : gen.chance(0.3)
                            ? gen.pick(0, 1, max - 1, max, v6 ? 96 : 24, v6 ? 64 : 16) : gen.nextInt(max + 1);
                    String text = maybeBroken(gen, safe(gen, a));
                    steps.add(viaSa ? new Step("addSubnet", true, Arrays.asList(Arrays.asList(text, fam), prefix))
                            : new Step("addSubnet", false, Arrays.asList(text, prefix, fam)));
                    if (prefix >= 0 && prefix <= max) {
                        BigInteger hostMask = BigInteger.ONE.shiftLeft(max - prefix).subtract(BigInteger.ONE);
                        BigInteger first = a.value().andNot(hostMask);
                        addPoints(points, new Addr(v6, first), new Addr(v6, first.or(hostMask)));
                        points.add(a);
                    }
                }
            }
            if (gen.chance(0.3) && !points.isEmpty()) {
                addChecks(gen, steps, gen.pick(points));
            }
        }
        for (Addr p : points) {
            addChecks(gen, steps, p);
        }
        for (int i = 0; i < 5; i++) {
            addChecks(gen, steps, gen.any());
        }
        return steps;
    }

    /** A valid text that is not one of the documented deviations (zone after more than 39 characters). */
    private static String safe(AddressGen gen, Addr a) {
        String t = gen.text(a);
        int percent = t.indexOf('%');
        return percent > 39 ? t.substring(0, percent) : t;
    }

    private static String famOf(AddressGen gen, Addr a) {
        return a.v6() ? gen.pick("ipv6", "IPv6") : gen.pick("ipv4", null);
    }

    private static String maybeBroken(AddressGen gen, String text) {
        if (gen.chance(0.06)) {
            String m = gen.mutate(text);
            String v6ish = m.indexOf(':') >= 0 ? "ipv6" : "ipv4";
            return isDeviation(m, 0, v6ish, 0) || isDeviation(m, 0, "ipv4", 0) ? text : m;
        }
        return text;
    }

    private static Addr near(AddressGen gen, Addr base) {
        int spread = gen.pick(0, 1, 3, 20, 300, 70000);
        long delta = spread == 0 ? 0 : gen.random().nextLong(-spread, spread + 1L);
        Addr a = base.plus(delta);
        return a == null ? base : a;
    }

    private static void addPoints(List<Addr> points, Addr first, Addr last) {
        for (Addr edge : new Addr[] {first, last}) {
            for (long d = -1; d <= 1; d++) {
                Addr p = edge.plus(d);
                if (p != null) {
                    points.add(p);
                }
            }
        }
    }

    /** Checks the point as its own family, and in its other-family forms when it has one. */
    private static void addChecks(AddressGen gen, List<Step> steps, Addr p) {
        String text = safe(gen, p);
        if (isDeviation(text, 0, p.v6() ? "ipv6" : "ipv4", 0)) {
            return;
        }
        steps.add(new Step("check", false, Arrays.asList(text, p.v6() ? gen.pick("ipv6", "IPv6") : gen.pick(null, "ipv4"))));
        if (!p.v6()) {
            Addr m = p.asMapped();
            steps.add(new Step("check", false, Arrays.asList(safe(gen, m), "ipv6")));
            if (gen.chance(0.2)) {
                steps.add(new Step("check", true, List.of(Arrays.asList(text, "ipv4"))));
            }
        } else {
            if (p.mapped()) {
                steps.add(new Step("check", false, Arrays.asList(AddressGen.v4Text(p.value().and(AddressGen.V4_MAX)), null)));
            }
            if (gen.chance(0.1)) {
                steps.add(new Step("check", false, Arrays.asList(text, null))); // IPv6 text, default family: false
            }
        }
    }
}
