package io.reactivenet.connect;

import static io.reactivenet.connect.FakeDialer.Script.connectAfter;
import static io.reactivenet.connect.FakeDialer.Script.failAfter;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.BlockList;
import io.reactivenet.ConnectOptions;
import io.reactivenet.NetAggregateException;
import io.reactivenet.NetException;
import io.reactivenet.internal.connect.ConnectPlan;
import io.reactivenet.internal.connect.Race;
import io.reactivenet.timeout.ConnectTimeoutException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The Happy Eyeballs race on virtual time with fake attempts (no sockets): when attempts start,
 * in which order, what is cancelled, and how the connect ends.
 */
class RaceTest {

    private static final Duration MS = Duration.ofMillis(1);

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final FakeDialer dialer = new FakeDialer(time);
    private final List<String> events = new ArrayList<>();
    private final AtomicInteger lookupCancels = new AtomicInteger();
    private @Nullable String connected;
    private @Nullable Throwable error;

    private static List<InetAddress> ips(String... literals) {
        return java.util.Arrays.stream(literals).map(HappyEyeballsIT::ip).toList();
    }

    /** {@code example.test:80}, looked up as {@code addresses}, 250 ms attempt timeout, events recorded. */
    private ConnectOptions options(String... addresses) {
        List<InetAddress> found = ips(addresses);
        return ConnectOptions.to("example.test", 80).lookup(h -> Mono.just(found))
                .autoSelectFamilyAttemptTimeout(Duration.ofMillis(250));
    }

    private Mono<String> race(ConnectOptions options) {
        ConnectPlan plan = ConnectPlan.of(options.onEvent(e -> events.add(ConnectFixtures.describe(e))));
        return Race.connect(plan, dialer, time, Schedulers.immediate());
    }

    private Disposable start(ConnectOptions options) {
        return race(options).subscribe(c -> connected = c, e -> error = e);
    }

    private void advance(long millis) {
        time.advanceTimeBy(Duration.ofMillis(millis));
    }

    @Test
    void theNextAttemptStartsExactlyAtTheAttemptTimeout() {
        StepVerifier.withVirtualTime(() -> race(options("::1", "127.0.0.1", "::2")), () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> assertThat(dialer.started).containsExactly(Map.entry("::1", 0L)))
                .thenAwait(Duration.ofMillis(249))
                .then(() -> assertThat(dialer.started).containsOnlyKeys("::1"))
                .thenAwait(MS)
                .then(() -> assertThat(dialer.started).containsExactly(Map.entry("::1", 0L), Map.entry("127.0.0.1", 250L)))
                .thenAwait(Duration.ofMillis(250))
                .then(() -> assertThat(dialer.started).containsEntry("::2", 500L))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(events).containsExactly(
                "lookup null ::1 6 example.test", "lookup null 127.0.0.1 4 example.test", "lookup null ::2 6 example.test",
                "connectionAttempt ::1 80 6", "connectionAttemptTimeout ::1 80 6",
                "connectionAttempt 127.0.0.1 80 4", "connectionAttemptTimeout 127.0.0.1 80 4",
                "connectionAttempt ::2 80 6");
    }

    @Test
    void aFailureStartsTheNextAttemptAtOnce() {
        dialer.script("::1", failAfter(Duration.ofMillis(30), "ECONNREFUSED"))
                .script("127.0.0.1", connectAfter(Duration.ofMillis(10)));
        start(options("::1", "127.0.0.1"));
        advance(30);
        assertThat(dialer.started).containsExactly(Map.entry("::1", 0L), Map.entry("127.0.0.1", 30L));
        advance(10);
        assertThat(connected).isEqualTo("conn 127.0.0.1");
        assertThat(dialer.won).containsExactly(List.of("::1:80", "127.0.0.1:80"));
        assertThat(events).containsExactly("lookup null ::1 6 example.test", "lookup null 127.0.0.1 4 example.test",
                "connectionAttempt ::1 80 6", "connectionAttemptFailed ::1 80 6 ECONNREFUSED",
                "connectionAttempt 127.0.0.1 80 4");
    }

    @Test
    void familiesAlternateFromTheFirstAddressFamilyAsRfc8305AndNode() {
        for (String[] lookupThenOrder : List.of(
                new String[] {"::1,::2,::3,10.0.0.1", "::1,10.0.0.1,::2,::3"},
                new String[] {"10.0.0.1,10.0.0.2,::1,::2,::3", "10.0.0.1,::1,10.0.0.2,::2,::3"},
                // The order node v20 attempted for this lookup result (duplicates dropped).
                new String[] {"127.0.0.2,127.0.0.1,::1,::1", "127.0.0.2,::1,127.0.0.1"},
                // One family only: the lookup order.
                new String[] {"10.0.0.3,10.0.0.1,10.0.0.2", "10.0.0.3,10.0.0.1,10.0.0.2"},
                new String[] {"::3,::1", "::3,::1"})) {
            VirtualTimeScheduler t = VirtualTimeScheduler.create();
            FakeDialer failing = new FakeDialer(t);
            List<String> order = List.of(lookupThenOrder[1].split(","));
            order.forEach(ip -> failing.script(ip, failAfter(Duration.ofMillis(5), "ECONNREFUSED")));
            List<InetAddress> found = ips(lookupThenOrder[0].split(","));
            ConnectPlan plan = ConnectPlan.of(ConnectOptions.to("example.test", 80).lookup(h -> Mono.just(found)));
            List<Throwable> errors = new ArrayList<>();
            Race.connect(plan, failing, t, Schedulers.immediate()).subscribe(c -> { }, errors::add);
            t.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(failing.started.keySet()).as(lookupThenOrder[0]).containsExactlyElementsOf(order);
            assertThat(errors).singleElement().isInstanceOfSatisfying(NetAggregateException.class,
                    e -> assertThat(e.attemptedAddresses()).containsExactlyElementsOf(
                            order.stream().map(ip -> ip + ":80").toList()));
        }
    }

    @Test
    void theWinnerCancelsEveryOtherAttemptOnceAndStartsNoMore() {
        dialer.script("127.0.0.1", connectAfter(Duration.ofMillis(100)));
        start(options("::1", "127.0.0.1", "::2", "127.0.0.2").timeout(Duration.ofSeconds(5)));
        advance(349);
        assertThat(connected).isNull();
        advance(1);
        assertThat(connected).isEqualTo("conn 127.0.0.1");
        assertThat(dialer.started.keySet()).containsExactly("::1", "127.0.0.1");
        assertThat(dialer.cancels("::1")).isOne();
        assertThat(dialer.cancels("127.0.0.1")).isZero();
        assertThat(dialer.raceOver).isOne();
        advance(10_000);
        // No timer outlives the race: nothing else starts, nothing is cancelled twice.
        assertThat(dialer.started.keySet()).containsExactly("::1", "127.0.0.1");
        assertThat(dialer.cancels("::1")).isOne();
        assertThat(error).isNull();
    }

    @Test
    void aTimedOutAttemptStaysInTheRaceAndCanWin() {
        dialer.script("::1", connectAfter(Duration.ofMillis(400)));
        start(options("::1", "127.0.0.1"));
        advance(400);
        assertThat(connected).isEqualTo("conn ::1");
        assertThat(dialer.cancels("127.0.0.1")).isOne();
        assertThat(dialer.won).containsExactly(List.of("::1:80", "127.0.0.1:80"));
    }

    @Test
    void twoConnectionsAtTheSameInstantOneWinsTheOtherIsDiscardedOnce() {
        dialer.manual("::1").manual("127.0.0.1");
        start(options("::1", "127.0.0.1"));
        advance(300);
        // Both answers arrive before the race has handled either.
        time.schedule(() -> {
            dialer.connectNow("::1");
            dialer.connectNow("127.0.0.1");
        });
        assertThat(connected).isEqualTo("conn ::1");
        assertThat(dialer.discarded).containsExactly("conn 127.0.0.1");
        assertThat(dialer.cancels("127.0.0.1")).isZero();
        assertThat(dialer.raceOver).isOne();
    }

    @Test
    void theOverallTimeoutFailsWithEtimedoutAndCancelsEveryAttempt() {
        start(options("::1", "127.0.0.1", "::2", "127.0.0.2", "::3").timeout(Duration.ofSeconds(1)));
        advance(999);
        assertThat(error).isNull();
        assertThat(dialer.started.values()).containsExactly(0L, 250L, 500L, 750L);
        advance(1);
        assertThat(error).isInstanceOf(ConnectTimeoutException.class)
                .hasMessageContaining("1000 ms").hasMessageContaining("example.test:80");
        assertThat(((NetException) error).code()).isEqualTo("ETIMEDOUT");
        dialer.started.keySet().forEach(ip -> assertThat(dialer.cancels(ip)).as(ip).isOne());
        assertThat(dialer.raceOver).isOne();
        advance(10_000);
        assertThat(dialer.started).hasSize(4);
    }

    @Test
    void theOverallTimeoutCoversTheLookup() {
        ConnectOptions o = ConnectOptions.to("example.test", 80).timeout(Duration.ofMillis(500))
                .lookup(h -> Mono.<List<InetAddress>>never().doOnCancel(lookupCancels::incrementAndGet));
        start(o);
        advance(500);
        assertThat(error).isInstanceOf(ConnectTimeoutException.class);
        assertThat(lookupCancels).hasValue(1);
        assertThat(dialer.started).isEmpty();
    }

    @Test
    void everyAttemptFailingGivesNodesAggregateWithEveryError() {
        dialer.script("::1", failAfter(Duration.ofMillis(20), "EHOSTUNREACH"))
                .script("127.0.0.1", failAfter(Duration.ofMillis(300), "ECONNREFUSED"));
        start(options("::1", "127.0.0.1"));
        advance(20 + 300);
        assertThat(error).isInstanceOfSatisfying(NetAggregateException.class, e -> {
            assertThat(e.code()).isEqualTo("ECONNREFUSED");
            assertThat(e.errors()).extracting(NetException::code).containsExactly("EHOSTUNREACH", "ECONNREFUSED");
            assertThat(e.attemptedAddresses()).containsExactly("::1:80", "127.0.0.1:80");
            assertThat(e).hasMessage("connect ECONNREFUSED example.test:80: all 2 attempts failed "
                    + "(connect EHOSTUNREACH ::1:80; connect ECONNREFUSED 127.0.0.1:80)");
        });
        assertThat(dialer.raceOver).isOne();
    }

    @Test
    void anEarlierTimedOutAttemptFailingLastEndsTheRace() {
        // ::1 times out at 250 (stays in), 127.0.0.1 fails at 260, ::1 fails at 900: only then is it over.
        dialer.script("::1", failAfter(Duration.ofMillis(900), "ECONNREFUSED"))
                .script("127.0.0.1", failAfter(Duration.ofMillis(10), "ECONNREFUSED"));
        start(options("::1", "127.0.0.1"));
        advance(899);
        assertThat(error).isNull();
        advance(1);
        assertThat(error).isInstanceOf(NetAggregateException.class);
    }

    @Test
    void withoutTheRaceOnlyTheFirstAddressIsTriedAndItsErrorIsTheConnectError() {
        dialer.script("::1", failAfter(Duration.ofMillis(5), "ECONNREFUSED"));
        start(options("::1", "127.0.0.1").autoSelectFamily(false));
        advance(1_000);
        assertThat(dialer.started.keySet()).containsExactly("::1");
        assertThat(error).isNotInstanceOf(NetAggregateException.class).hasMessage("connect ECONNREFUSED ::1:80");
        assertThat(events).containsExactly("lookup null ::1 6 example.test", "connectionAttempt ::1 80 6",
                "connectionAttemptFailed ::1 80 6 ECONNREFUSED");
    }

    @Test
    void cancellingTheConnectCancelsTheLookupOrEveryAttemptOnce() {
        Disposable pending = start(ConnectOptions.to("example.test", 80)
                .lookup(h -> Mono.<List<InetAddress>>never().doOnCancel(lookupCancels::incrementAndGet)));
        pending.dispose();
        assertThat(lookupCancels).hasValue(1);
        assertThat(dialer.raceOver).isOne();

        Disposable racing = start(options("::1", "127.0.0.1", "::2"));
        advance(300);
        int before = events.size();
        racing.dispose();
        racing.dispose();
        assertThat(dialer.cancels("::1")).isOne();
        assertThat(dialer.cancels("127.0.0.1")).isOne();
        advance(10_000);
        assertThat(dialer.started).doesNotContainKey("::2");
        assertThat(events).hasSize(before);
        assertThat(dialer.raceOver).isEqualTo(2);
        assertThat(connected).isNull();
        assertThat(error).isNull();
    }

    @Test
    void withALocalPortTheTimedOutAttemptIsCancelledAndTheNextWaitsForItsPort() {
        dialer.portFreeAfter(Duration.ofMillis(5)).script("127.0.0.1", connectAfter(Duration.ofMillis(1)));
        start(options("::1", "127.0.0.1").localPort(40_000));
        advance(250);
        assertThat(dialer.cancels("::1")).isOne();
        assertThat(dialer.started).containsOnlyKeys("::1");
        advance(5);
        assertThat(dialer.started).containsEntry("127.0.0.1", 255L);
        advance(1);
        assertThat(connected).isEqualTo("conn 127.0.0.1");
        assertThat(events).contains("connectionAttemptTimeout ::1 80 6", "connectionAttempt 127.0.0.1 80 4");
    }

    @Test
    void aBlockedAddressIsSkippedWithoutAnAttempt() {
        BlockList blocked = new BlockList();
        blocked.addAddress("::1", "ipv6");
        dialer.script("127.0.0.1", connectAfter(MS));
        start(options("::1", "127.0.0.1").blockList(blocked));
        advance(1);
        assertThat(dialer.started.keySet()).containsExactly("127.0.0.1");
        assertThat(connected).isEqualTo("conn 127.0.0.1");
        assertThat(events).contains("connectionAttemptFailed ::1 80 6 ERR_IP_BLOCKED");
        assertThat(dialer.won).containsExactly(List.of("127.0.0.1:80"));
    }
}
