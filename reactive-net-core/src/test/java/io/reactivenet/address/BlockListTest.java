package io.reactivenet.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.BlockList;
import io.reactivenet.NetArgumentException;
import io.reactivenet.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** BlockList beyond Node: removal, JSON, the accept-path check, the operator, concurrency. */
class BlockListTest {

    private static final long SEED = Long.getLong("addresses.seed", 20261121L);

    @Test
    void nodeDocumentationExample() {
        BlockList list = new BlockList();
        list.addAddress("123.123.123.123");
        list.addRange("10.0.0.1", "10.0.0.10");
        list.addSubnet("8592:757c:efae:4e45::", 64, "ipv6");
        assertThat(list.check("123.123.123.123")).isTrue();
        assertThat(list.check("10.0.0.3")).isTrue();
        assertThat(list.check("222.111.111.222")).isFalse();
        assertThat(list.check("8592:757c:efae:4e45::f", "ipv6")).isTrue();
        assertThat(list.check("8592:757c:efae:4e45::f", "IPv6")).isTrue();
        assertThat(list.check("::ffff:7b7b:7b7b", "ipv6")).isTrue();
        assertThat(list.check("::ffff:123.123.123.123", "ipv6")).isTrue();
        assertThat(list.check("::1")).isFalse();
        assertThat(list.check("1.1.1.1", "foo")).isFalse();
        assertThat(list.rules()).containsExactly("Subnet: IPv6 8592:757c:efae:4e45::/64",
                "Range: IPv4 10.0.0.1-10.0.0.10", "Address: IPv4 123.123.123.123");
    }

    @Test
    void badArgumentsThrowWithNodeCodes() {
        BlockList list = new BlockList();
        assertThatThrownBy(() -> list.addRange("10.0.0.10", "10.0.0.1"))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_INVALID_ARG_VALUE"))
                .hasMessageContaining("10.0.0.10");
        assertThatThrownBy(() -> list.addSubnet("1.2.3.4", 33))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_OUT_OF_RANGE"))
                .hasMessageContaining("33");
        assertThatThrownBy(() -> list.addAddress("1.2.3.4", "ipx"))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_INVALID_ARG_VALUE"))
                .hasMessageContaining("ipx");
        assertThatThrownBy(() -> list.addAddress("::1"))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_INVALID_ADDRESS"))
                .hasMessageContaining("::1");
        assertThatThrownBy(() -> list.check((String) null))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_INVALID_ARG_TYPE"));
        assertThat(list.rules()).isEmpty();
    }

    @Test
    void checkOfInetAddressMatchesCheckOfText() throws Exception {
        BlockList list = new BlockList();
        list.addSubnet("192.168.0.0", 16);
        list.addAddress("::ffff:10.0.0.1", "ipv6");
        list.addRange("2001:db8::1", "2001:db8::ff", "ipv6");
        for (String text : new String[] {"192.168.3.4", "192.169.0.0", "10.0.0.1", "10.0.0.2", "2001:db8::7", "2001:db8::100"}) {
            InetAddress ip = InetAddress.getByName(text);
            String family = text.indexOf(':') >= 0 ? "ipv6" : "ipv4";
            assertThat(list.check(ip)).as(text).isEqualTo(list.check(text, family));
        }
        assertThat(list.check(InetAddress.getByName("192.168.200.1"))).isTrue();
        assertThat(list.check(InetAddress.getByName("2001:db8::ff"))).isTrue();
        assertThat(list.check(SocketAddress.of("192.168.1.1", 80))).isTrue();
    }

    @Test
    void removeTakesRulesOutAndChecksFollow() {
        BlockList list = new BlockList();
        list.addAddress("1.1.1.1");
        list.addRange("10.0.0.1", "10.0.0.10");
        list.addSubnet("10.0.0.0", 8);
        list.addAddress("1.1.1.1");
        list.addSubnet("fe80::", 10, "ipv6");
        assertThat(list.removeSubnet("10.0.0.0", 8)).isTrue();
        assertThat(list.check("10.0.0.5")).isTrue();
        assertThat(list.check("10.9.0.5")).isFalse();
        assertThat(list.removeAddress("1.1.1.1")).isTrue();
        assertThat(list.check("1.1.1.1")).isFalse();
        assertThat(list.removeAddress("1.1.1.1")).isFalse();
        assertThat(list.removeRange("10.0.0.1", "10.0.0.10")).isTrue();
        assertThat(list.check("10.0.0.5")).isFalse();
        assertThat(list.removeSubnet("FE80::", 10, "IPv6")).isTrue();
        assertThat(list.rules()).isEmpty();
        assertThat(list.check("fe80::1", "ipv6")).isFalse();
    }

    @Test
    void jsonRoundTripKeepsRulesAndOrder() {
        BlockList list = new BlockList();
        list.addAddress("1.1.1.1");
        list.addRange("10.0.0.1", "10.0.0.10");
        list.addSubnet("8592:757c:efae:4e45::", 64, "ipv6");
        list.addRange(SocketAddress.of("1.2.3.4", 0), SocketAddress.of("::ffff:1.2.3.9", 0));
        list.addAddress("::ffff:1.2.3.4", "ipv6");
        String json = list.toJSON();
        assertThat(json).isEqualTo("[\"Address: IPv6 ::ffff:1.2.3.4\",\"Range: IPv4 1.2.3.4-::ffff:1.2.3.9\","
                + "\"Subnet: IPv6 8592:757c:efae:4e45::/64\",\"Range: IPv4 10.0.0.1-10.0.0.10\",\"Address: IPv4 1.1.1.1\"]");
        BlockList copy = new BlockList();
        copy.fromJSON(json);
        assertThat(copy.rules()).isEqualTo(list.rules());
        BlockList fromList = new BlockList();
        fromList.fromJSON(" [ \"Address: IPv4 9.9.9.9\" ,\n\"Subnet: IPv4 10.0.0.0/8\"] ");
        assertThat(fromList.rules()).containsExactly("Address: IPv4 9.9.9.9", "Subnet: IPv4 10.0.0.0/8");
        assertThat(fromList.check("10.1.2.3")).isTrue();
        fromList.fromJSON("[]");
        assertThat(fromList.rules()).hasSize(2);
    }

    @Test
    void fromJsonIsAllOrNothingAndNamesTheBadRule() {
        BlockList list = new BlockList();
        assertThatThrownBy(() -> list.fromJSON("[\"Address: IPv4 1.1.1.1\", \"Address: IPv4 1.1.1\"]"))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_INVALID_ARG_VALUE"))
                .hasMessageContaining("Address: IPv4 1.1.1");
        assertThatThrownBy(() -> list.fromJSON("[\"Address: IPv4 1.1.1.1\""))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("offset");
        assertThatThrownBy(() -> list.fromJSON(List.of("Range: IPv4 1.1.1.9-1.1.1.1")))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("Range: IPv4 1.1.1.9-1.1.1.1");
        assertThatThrownBy(() -> list.fromJSON(List.of("Subnet: IPv6 ::/129")))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("129");
        assertThat(list.rules()).isEmpty();
    }

    @Test
    void randomChangesAgreeWithARebuiltListAndANaiveModel() {
        SplittableRandom random = new SplittableRandom(SEED);
        BlockList list = new BlockList();
        List<long[]> naive = new ArrayList<>(); // IPv4 ranges [lo, hi] mirrored by hand
        List<String> added = new ArrayList<>();
        for (int round = 0; round < 3000; round++) {
            long a = random.nextLong(1 << 16);
            long b = a + random.nextLong(64);
            String start = v4(a);
            String end = v4(b);
            if (random.nextInt(5) == 0 && !added.isEmpty()) {
                String victim = added.remove(random.nextInt(added.size()));
                String[] se = victim.split("-");
                assertThat(list.removeRange(se[0], se[1])).isTrue();
                naive.removeIf(r -> v4(r[0]).equals(se[0]) && v4(r[1]).equals(se[1]));
            } else if (!added.contains(start + "-" + end)) {
                list.addRange(start, end);
                naive.add(new long[] {a, b});
                added.add(start + "-" + end);
            }
            long probe = random.nextLong(1 << 16 + 64);
            boolean expected = naive.stream().anyMatch(r -> r[0] <= probe && probe <= r[1]);
            assertThat(list.check(v4(probe))).as("seed %d round %d probe %s", SEED, round, v4(probe)).isEqualTo(expected);
        }
        BlockList rebuilt = new BlockList();
        rebuilt.fromJSON(list.toJSON());
        for (long p = 0; p < (1 << 16) + 64; p++) {
            boolean expected = false;
            for (long[] r : naive) {
                if (r[0] <= p && p <= r[1]) {
                    expected = true;
                    break;
                }
            }
            assertThat(list.check(v4(p))).isEqualTo(expected);
            assertThat(rebuilt.check(v4(p))).isEqualTo(expected);
        }
    }

    private static String v4(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    @Test
    void filterDropsBlockedElementsAndReportsThem() {
        BlockList list = new BlockList();
        list.addSubnet("10.0.0.0", 8);
        list.addAddress("::1", "ipv6");
        List<Object> dropped = new ArrayList<>();
        List<Object> discarded = new ArrayList<>();
        Flux<Object> peers = Flux.just(SocketAddress.of("10.1.1.1", 1), "192.168.0.1",
                new InetSocketAddress("::1", 2), SocketAddress.of("11.0.0.1", 3), "::1");
        StepVerifier.create(peers.transform(list.filter(p -> p, dropped::add))
                        .doOnDiscard(Object.class, discarded::add))
                .expectNext("192.168.0.1", SocketAddress.of("11.0.0.1", 3))
                .verifyComplete();
        assertThat(dropped).hasSize(3);
        assertThat(discarded).containsExactlyElementsOf(dropped);
    }

    @Test
    void filterSeesRulesAddedWhileStreamingAndFailsOnAWrongType() {
        BlockList list = new BlockList();
        StepVerifier.create(Flux.just("1.1.1.1", "1.1.1.1").transform(list.filter(s -> s)), 0)
                .thenRequest(1)
                .expectNext("1.1.1.1")
                .then(() -> list.addAddress("1.1.1.1"))
                .thenRequest(1)
                .verifyComplete();
        StepVerifier.create(Flux.just(42).transform(list.filter(n -> n)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NetArgumentException.class).hasMessageContaining("Integer"))
                .verify();
    }

    @Test
    void checksRunSafelyWhileAnotherThreadAddsRules() throws Exception {
        BlockList list = new BlockList();
        list.addAddress("9.9.9.9");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean done = new AtomicBoolean();
            Future<Integer> checker = pool.submit(() -> {
                start.await();
                int failures = 0;
                long n = 0;
                while (!done.get() || n < 1000) {
                    // an address present before the writer started must always be seen
                    if (!list.check("9.9.9.9")) {
                        failures++;
                    }
                    n++;
                }
                return failures;
            });
            Future<?> writer = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 5000; i++) {
                    list.addAddress(v4(0x0a000000L + i * 3L));
                    // our own adds are visible immediately
                    if (!list.check(v4(0x0a000000L + i * 3L))) {
                        throw new AssertionError("rule " + i + " not visible after add");
                    }
                }
                return null;
            });
            start.countDown();
            writer.get(60, TimeUnit.SECONDS);
            done.set(true);
            assertThat(checker.get(60, TimeUnit.SECONDS)).isZero();
        } finally {
            pool.shutdownNow();
        }
        assertThat(list.rules()).hasSize(5001);
        assertThat(list.check("10.0.0.3")).isTrue();
        assertThat(list.check("10.0.0.4")).isFalse();
    }
}
