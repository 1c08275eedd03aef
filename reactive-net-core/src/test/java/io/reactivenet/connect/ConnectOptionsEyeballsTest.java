package io.reactivenet.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.ConnectEvent;
import io.reactivenet.ConnectOptions;
import io.reactivenet.Net;
import io.reactivenet.NetAggregateException;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.internal.connect.Addresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The new connect options, Net's defaults and the RFC 8305 address order, without sockets. */
class ConnectOptionsEyeballsTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static List<InetAddress> ips(String... literals) {
        return java.util.Arrays.stream(literals).map(ConnectOptionsEyeballsTest::ip).toList();
    }

    @Test
    void settersReturnCopiesAndKeepOtherFields() {
        ConnectOptions base = ConnectOptions.to("example.test", 80).timeout(Duration.ofSeconds(3));
        Function<String, Mono<List<InetAddress>>> lookup = h -> Mono.just(ips("127.0.0.1"));
        Consumer<ConnectEvent> listener = e -> { };
        ConnectOptions all = base.autoSelectFamily(false)
                .autoSelectFamilyAttemptTimeout(Duration.ofMillis(300))
                .hints(ConnectOptions.HINT_V4MAPPED | ConnectOptions.HINT_ALL)
                .lookup(lookup)
                .onEvent(listener);
        assertThat(all).isNotSameAs(base);
        assertThat(base.autoSelectFamily()).isNull();
        assertThat(base.autoSelectFamilyAttemptTimeout()).isNull();
        assertThat(base.hints()).isZero();
        assertThat(base.lookup()).isNull();
        assertThat(base.onEvent()).isNull();
        assertThat(all.autoSelectFamily()).isFalse();
        assertThat(all.autoSelectFamilyAttemptTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(all.hints()).isEqualTo(ConnectOptions.HINT_V4MAPPED | ConnectOptions.HINT_ALL);
        assertThat(all.lookup()).isSameAs(lookup);
        assertThat(all.onEvent()).isSameAs(listener);
        assertThat(all.host()).isEqualTo("example.test");
        assertThat(all.port()).isEqualTo(80);
        assertThat(all.timeout()).isEqualTo(Duration.ofSeconds(3));
        // Setting a later field keeps the new ones.
        assertThat(all.port(81).lookup()).isSameAs(lookup);
        assertThat(all.noDelay(true).autoSelectFamily()).isFalse();
    }

    @Test
    void attemptTimeoutFollowsNode() {
        // Node: >= 1 ms or ERR_OUT_OF_RANGE; 1..9 ms become 10 ms (checked with node v20).
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-5), Duration.ofNanos(999_999),
                Duration.ofMillis(Integer.MAX_VALUE + 1L))) {
            assertThatThrownBy(() -> ConnectOptions.to(80).autoSelectFamilyAttemptTimeout(bad))
                    .isInstanceOf(NetArgumentException.class)
                    .hasMessageContaining("options.autoSelectFamilyAttemptTimeout")
                    .hasMessageContaining(String.valueOf(bad.toMillis()))
                    .extracting(e -> ((NetArgumentException) e).code()).isEqualTo("ERR_OUT_OF_RANGE");
        }
        assertThat(ConnectOptions.to(80).autoSelectFamilyAttemptTimeout(Duration.ofMillis(5))
                .autoSelectFamilyAttemptTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(ConnectOptions.to(80).autoSelectFamilyAttemptTimeout(Duration.ofMillis(10))
                .autoSelectFamilyAttemptTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThatThrownBy(() -> ConnectOptions.to(80).autoSelectFamilyAttemptTimeout(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void hintsAreNodeFlagsOnly() {
        assertThat(ConnectOptions.to(80).hints(ConnectOptions.HINT_ADDRCONFIG).hints()).isEqualTo(32);
        assertThatThrownBy(() -> ConnectOptions.to(80).hints(7))
                .isInstanceOf(NetArgumentException.class)
                .hasMessage("The argument 'hints' is invalid. Received 7");
    }

    @Test
    void netDefaultsNeverChangeAnOptionsValue() {
        boolean family = Net.getDefaultAutoSelectFamily();
        Duration timeout = Net.getDefaultAutoSelectFamilyAttemptTimeout();
        assertThat(family).isTrue();
        assertThat(timeout).isEqualTo(Duration.ofMillis(250));
        ConnectOptions unset = ConnectOptions.to(80);
        try {
            Net.setDefaultAutoSelectFamily(false);
            Net.setDefaultAutoSelectFamilyAttemptTimeout(Duration.ofMillis(5));
            // The getters tell what was set; the defaults are read once, when a connect starts.
            assertThat(unset.autoSelectFamily()).isNull();
            assertThat(unset.autoSelectFamilyAttemptTimeout()).isNull();
            assertThat(unset.autoSelectFamily(true).autoSelectFamily()).isTrue();
            assertThat(Net.getDefaultAutoSelectFamily()).isFalse();
            assertThatThrownBy(() -> Net.setDefaultAutoSelectFamilyAttemptTimeout(Duration.ZERO))
                    .isInstanceOf(NetArgumentException.class)
                    .hasMessageContaining("\"value\"");
            assertThat(Net.getDefaultAutoSelectFamilyAttemptTimeout()).isEqualTo(Duration.ofMillis(10));
        } finally {
            Net.setDefaultAutoSelectFamily(family);
            Net.setDefaultAutoSelectFamilyAttemptTimeout(timeout);
        }
        assertThat(unset.autoSelectFamily()).isNull();
    }

    @Test
    void interleaveAlternatesFamiliesStartingWithTheFirstAndDropsDuplicates() {
        // The order node v20 attempted for the same lookup result (see the interop test).
        assertThat(Addresses.interleave(ips("127.0.0.2", "127.0.0.1", "::1", "::1")))
                .containsExactlyElementsOf(ips("127.0.0.2", "::1", "127.0.0.1"));
        assertThat(Addresses.interleave(ips("::1", "::2", "::3", "10.0.0.1")))
                .containsExactlyElementsOf(ips("::1", "10.0.0.1", "::2", "::3"));
        assertThat(Addresses.interleave(ips("10.0.0.1", "10.0.0.2"))).containsExactlyElementsOf(ips("10.0.0.1", "10.0.0.2"));
        assertThat(Addresses.interleave(List.of())).isEmpty();
    }

    @Test
    void aggregateCarriesEveryErrorAndTheLastCode() {
        NetException first = new NetException("EHOSTUNREACH", "connect EHOSTUNREACH ::1:80", "connect", "::1", 80, null);
        NetException last = new NetException("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:80", "connect", "127.0.0.1", 80, null);
        NetAggregateException e = new NetAggregateException("all failed", List.of(first, last));
        assertThat(e.code()).isEqualTo("ECONNREFUSED");
        assertThat(e.errors()).containsExactly(first, last);
        assertThat(e.getSuppressed()).containsExactly(first, last);
        assertThat(e.address()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> new NetAggregateException("none", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventRecordsRejectNulls() {
        assertThatThrownBy(() -> new ConnectEvent.ConnectionAttempt(null, 1, 4)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ConnectEvent.Lookup(null, null, 0, null)).isInstanceOf(NullPointerException.class);
    }
}
