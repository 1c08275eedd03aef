package io.reactivenet.connect;

import static io.reactivenet.connect.ConnectFixtures.awaitNoSynSent;
import static io.reactivenet.connect.ConnectFixtures.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.ConnectEvent;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetAggregateException;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.connect.ConnectFixtures.BlackHole;
import io.reactivenet.internal.ProcessRef;
import io.reactivenet.timeout.ConnectTimeoutException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Connects on real loopback sockets with a custom lookup: fallback after a refused address, the
 * attempt timeout against a SYN black hole, the overall timeout, cancellation, errors. Every test
 * checks that no attempt is left behind (no socket in SYN_SENT, keep-alive refs back to where
 * they were); LeakGuard checks the buffers.
 */
class HappyEyeballsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<ListeningServer> servers = new ArrayList<>();
    private final int refsBefore = ProcessRef.refs();

    @AfterEach
    void closeServers() {
        servers.forEach(s -> s.closeNow().block(WAIT));
        // Every socket a test opened is closed by now: the keep-alive refs must be back.
        assertThat(Flux.interval(Duration.ZERO, Duration.ofMillis(10)).map(i -> ProcessRef.refs())
                .filter(r -> r == refsBefore).next().timeout(Duration.ofSeconds(5), Mono.just(ProcessRef.refs()))
                .block()).isEqualTo(refsBefore);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static String familyText(InetAddress a) {
        return a instanceof java.net.Inet6Address ? "6" : "4";
    }

    /** A lookup that answers {@code addresses} (as Node's lookup with {@code all: true}). */
    static Function<String, Mono<List<InetAddress>>> fixed(String... addresses) {
        List<InetAddress> list = Arrays.stream(addresses).map(HappyEyeballsIT::ip).toList();
        return host -> Mono.just(list);
    }

    ListeningServer listen(String host, int port) {
        ListeningServer server = Net.createServer(s -> s.send(s.inbound())).listen(port, host).block(WAIT);
        servers.add(server);
        return server;
    }

    /** A port where nothing listens on 127.0.0.1 nor ::1 (bound, then closed). */
    int closedPort() {
        ListeningServer s = Net.createServer(x -> x.send(x.inbound())).listen(0, "127.0.0.1").block(WAIT);
        int port = s.address().port();
        s.closeNow().block(WAIT);
        return port;
    }

    /** Our connect with the events, the outcome and the attempted addresses as lines (node's format). */
    record Outcome(List<String> lines, @Nullable NetSocket socket, @Nullable Throwable error) {
    }

    static Outcome ours(ConnectOptions options) {
        List<String> lines = new CopyOnWriteArrayList<>();
        ConnectOptions o = options.onEvent(e -> lines.add(describe(e)));
        try {
            NetSocket socket = Net.connect(o).block(WAIT);
            lines.add("connect " + socket.remoteAddress());
            lines.add("attempted " + String.join(",", socket.autoSelectFamilyAttemptedAddresses()));
            return new Outcome(List.copyOf(lines), socket, null);
        } catch (NetException e) {
            lines.add("error " + e.code());
            lines.add("attempted " + (e instanceof NetAggregateException a ? String.join(",", a.attemptedAddresses()) : ""));
            return new Outcome(List.copyOf(lines), null, e);
        }
    }

    static void echoes(NetSocket socket) {
        Mono<String> reply = socket.inbound().next().map(b -> StandardCharsets.UTF_8.decode(b).toString());
        socket.write("ping").block(WAIT);
        assertThat(reply.block(WAIT)).isEqualTo("ping");
        socket.destroy();
        socket.onClose().block(WAIT);
    }

    // ------------------------------------------------------------------ acceptance 1

    @Test
    void refusedFirstAddressFallsBackToTheNextInNodesEventOrder() {
        int port = listen("127.0.0.1", 0).address().port();
        Outcome out = ours(ConnectOptions.to("example.test", port).lookup(fixed("::1", "127.0.0.1")));
        assertThat(out.lines()).containsExactly(
                "lookup null ::1 6 example.test",
                "lookup null 127.0.0.1 4 example.test",
                "connectionAttempt ::1 " + port + " 6",
                "connectionAttemptFailed ::1 " + port + " 6 ECONNREFUSED",
                "connectionAttempt 127.0.0.1 " + port + " 4",
                "connect 127.0.0.1",
                "attempted ::1:" + port + ",127.0.0.1:" + port);
        assertThat(out.socket().autoSelectFamilyAttemptedAddresses()).containsExactly("::1:" + port, "127.0.0.1:" + port);
        echoes(out.socket());
    }

    // ------------------------------------------------------------------ acceptance 2

    /** A black hole on 127.0.0.1 and an echo server on ::1, on the same port. */
    record HoleAndServer(BlackHole hole, ListeningServer server) {
        int port() {
            return hole.port;
        }
    }

    HoleAndServer holeThenServerOnV6() throws Exception {
        for (int i = 0; ; i++) {
            BlackHole hole = new BlackHole(ip("127.0.0.1"), 0);
            try {
                return new HoleAndServer(hole, listen("::1", hole.port));
            } catch (NetException inUse) {
                hole.close();
                if (i == 4) {
                    throw inUse;
                }
            }
        }
    }

    @Test
    void unansweredFirstAttemptStartsTheNextAfterTheAttemptTimeoutAndTheLoserIsClosed() throws Exception {
        HoleAndServer hs = holeThenServerOnV6();
        int port = hs.port();
        try (BlackHole hole = hs.hole()) {
            int refs = ProcessRef.refs();
            long started = System.nanoTime();
            Outcome out = ours(ConnectOptions.to("example.test", port)
                    .lookup(fixed("127.0.0.1", "::1"))
                    .autoSelectFamilyAttemptTimeout(Duration.ofMillis(100))
                    .timeout(Duration.ofSeconds(10)));
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(out.lines()).containsExactly(
                    "lookup null 127.0.0.1 4 example.test",
                    "lookup null ::1 6 example.test",
                    "connectionAttempt 127.0.0.1 " + port + " 4",
                    "connectionAttemptTimeout 127.0.0.1 " + port + " 4",
                    "connectionAttempt ::1 " + port + " 6",
                    "connect ::1",
                    "attempted 127.0.0.1:" + port + ",::1:" + port);
            // The second attempt waited for the attempt timeout, not for the kernel's SYN retries.
            assertThat(tookMs).as("connect took %d ms", tookMs).isGreaterThanOrEqualTo(100);
            // The losing attempt (SYN_SENT to the black hole) is closed.
            assertThat(awaitNoSynSent(port, Duration.ofSeconds(5))).isZero();
            // Only the winner holds a keep-alive ref.
            assertThat(ProcessRef.refs()).isEqualTo(refs + 1);
            echoes(out.socket());
        }
    }

    /**
     * Where we differ from Node on purpose (RFC 8305 §5): an attempt whose timeout passed stays in
     * the race. Both addresses are black holes; after both attempts started, the first one's hole
     * opens, so the retransmitted SYN of the first attempt is answered and it wins (Node would have
     * closed it and waited on the second forever).
     */
    @Test
    void aTimedOutAttemptStaysInTheRaceAndCanStillWin() throws Exception {
        try (BlackHole first = new BlackHole(ip("127.0.0.1"), 0);
                BlackHole second = new BlackHole(ip("127.0.0.2"), first.port)) {
            int port = first.port;
            CountDownLatch bothStarted = new CountDownLatch(2);
            List<String> lines = new CopyOnWriteArrayList<>();
            Mono<NetSocket> connect = Net.connect(ConnectOptions.to("example.test", port)
                    .lookup(fixed("127.0.0.1", "127.0.0.2"))
                    .autoSelectFamilyAttemptTimeout(Duration.ofMillis(100))
                    .timeout(Duration.ofSeconds(15))
                    .onEvent(e -> {
                        lines.add(describe(e));
                        if (e instanceof ConnectEvent.ConnectionAttempt) {
                            bothStarted.countDown();
                        }
                    }));
            java.util.concurrent.CompletableFuture<NetSocket> result = connect.toFuture();
            assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
            // Both SYNs must have been sent (and dropped) before the first hole opens.
            assertThat(Flux.interval(Duration.ZERO, Duration.ofMillis(5)).map(i -> ConnectFixtures.synSentTo(port))
                    .filter(n -> n == 2).next().timeout(Duration.ofSeconds(5), Mono.just(-1L)).block()).isEqualTo(2L);
            first.open();
            NetSocket socket = result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(socket.remoteAddress()).isEqualTo("127.0.0.1");
            assertThat(lines).containsExactly(
                    "lookup null 127.0.0.1 4 example.test",
                    "lookup null 127.0.0.2 4 example.test",
                    "connectionAttempt 127.0.0.1 " + port + " 4",
                    "connectionAttemptTimeout 127.0.0.1 " + port + " 4",
                    "connectionAttempt 127.0.0.2 " + port + " 4");
            // The second attempt, still unanswered, is closed.
            assertThat(awaitNoSynSent(port, Duration.ofSeconds(5))).isZero();
            socket.destroy();
            socket.onClose().block(WAIT);
        }
    }

    /** With a local port, attempts cannot overlap (same port): the timed-out one is closed first, as Node. */
    @Test
    void withALocalPortTheTimedOutAttemptIsClosedBeforeTheNext() throws Exception {
        HoleAndServer hs = holeThenServerOnV6();
        int port = hs.port();
        int localPort = closedPort();
        try (BlackHole hole = hs.hole()) {
            Outcome out = ours(ConnectOptions.to("example.test", port)
                    .lookup(fixed("127.0.0.1", "::1"))
                    .localPort(localPort)
                    .autoSelectFamilyAttemptTimeout(Duration.ofMillis(100))
                    .timeout(Duration.ofSeconds(10)));
            assertThat(out.lines()).containsExactly(
                    "lookup null 127.0.0.1 4 example.test",
                    "lookup null ::1 6 example.test",
                    "connectionAttempt 127.0.0.1 " + port + " 4",
                    "connectionAttemptTimeout 127.0.0.1 " + port + " 4",
                    "connectionAttempt ::1 " + port + " 6",
                    "connect ::1",
                    "attempted 127.0.0.1:" + port + ",::1:" + port);
            assertThat(out.socket().localPort()).isEqualTo(localPort);
            assertThat(awaitNoSynSent(port, Duration.ofSeconds(5))).isZero();
            echoes(out.socket());
        }
    }

    @Test
    void overallTimeoutAndCancelAlsoCoverTheLookup() {
        CountDownLatch lookupCancelled = new CountDownLatch(1);
        Function<String, Mono<List<InetAddress>>> never = h -> Mono.<List<InetAddress>>never()
                .doOnCancel(lookupCancelled::countDown);
        StepVerifier.create(Net.connect(ConnectOptions.to("example.test", 80).lookup(never).timeout(Duration.ofMillis(200))))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ConnectTimeoutException.class).hasMessageContaining("200 ms"))
                .verify(WAIT);
        assertThat(await(lookupCancelled)).isTrue();

        CountDownLatch lookupStarted = new CountDownLatch(1);
        CountDownLatch cancelledByUser = new CountDownLatch(1);
        Function<String, Mono<List<InetAddress>>> never2 = h -> Mono.<List<InetAddress>>never()
                .doOnSubscribe(s -> lookupStarted.countDown())
                .doOnCancel(cancelledByUser::countDown);
        StepVerifier.create(Net.connect(ConnectOptions.to("example.test", 80).lookup(never2)))
                .expectSubscription()
                .then(() -> assertThat(await(lookupStarted)).isTrue())
                .thenCancel()
                .verify(WAIT);
        assertThat(await(cancelledByUser)).isTrue();
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void overallTimeoutBoundsTheWholeSequence() throws Exception {
        try (BlackHole hole = new BlackHole(ip("0.0.0.0"), 0)) {
            int port = hole.port;
            List<String> lines = new CopyOnWriteArrayList<>();
            StepVerifier.create(Net.connect(ConnectOptions.to("example.test", port)
                                    .lookup(fixed("127.0.0.1", "127.0.0.2"))
                                    .autoSelectFamilyAttemptTimeout(Duration.ofMillis(50))
                                    .timeout(Duration.ofMillis(400))
                                    .onEvent(e -> lines.add(describe(e)))))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ConnectTimeoutException.class)
                            .hasMessageContaining("400 ms")
                            .hasMessageContaining("example.test:" + port)
                            .extracting(x -> ((NetException) x).code()).isEqualTo("ETIMEDOUT"))
                    .verify(WAIT);
            assertThat(lines).containsExactly(
                    "lookup null 127.0.0.1 4 example.test",
                    "lookup null 127.0.0.2 4 example.test",
                    "connectionAttempt 127.0.0.1 " + port + " 4",
                    "connectionAttemptTimeout 127.0.0.1 " + port + " 4",
                    "connectionAttempt 127.0.0.2 " + port + " 4");
            assertThat(awaitNoSynSent(port, Duration.ofSeconds(5))).isZero();
        }
    }

    @Test
    void cancellingMidRaceClosesEveryAttempt() throws Exception {
        try (BlackHole hole = new BlackHole(ip("0.0.0.0"), 0)) {
            int port = hole.port;
            CountDownLatch bothStarted = new CountDownLatch(2);
            Disposable connecting = Net.connect(ConnectOptions.to("example.test", port)
                            .lookup(fixed("127.0.0.1", "127.0.0.2"))
                            .autoSelectFamilyAttemptTimeout(Duration.ofMillis(20))
                            .onEvent(e -> {
                                if (e instanceof ConnectEvent.ConnectionAttempt) {
                                    bothStarted.countDown();
                                }
                            }))
                    .subscribe();
            assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ConnectFixtures.synSentTo(port)).isPositive();
            connecting.dispose();
            assertThat(awaitNoSynSent(port, Duration.ofSeconds(5))).isZero();
        }
    }

    // ------------------------------------------------------------------ failures

    @Test
    void allAttemptsFailingGiveAnAggregateWithEveryError() {
        int port = closedPort();
        Outcome out = ours(ConnectOptions.to("example.test", port).lookup(fixed("::1", "127.0.0.1")));
        assertThat(out.lines()).containsExactly(
                "lookup null ::1 6 example.test",
                "lookup null 127.0.0.1 4 example.test",
                "connectionAttempt ::1 " + port + " 6",
                "connectionAttemptFailed ::1 " + port + " 6 ECONNREFUSED",
                "connectionAttempt 127.0.0.1 " + port + " 4",
                "connectionAttemptFailed 127.0.0.1 " + port + " 4 ECONNREFUSED",
                "error ECONNREFUSED",
                "attempted ::1:" + port + ",127.0.0.1:" + port);
        NetAggregateException e = (NetAggregateException) out.error();
        assertThat(e.errors()).extracting(NetException::address).containsExactly("::1", "127.0.0.1");
        assertThat(e.errors()).extracting(NetException::code).containsOnly("ECONNREFUSED");
        assertThat(e.getMessage()).contains("all 2 attempts failed", "::1:" + port, "127.0.0.1:" + port);
    }

    @Test
    void withoutAutoSelectFamilyOnlyTheFirstAddressIsTried() {
        int port = listen("127.0.0.1", 0).address().port();
        Outcome out = ours(ConnectOptions.to("example.test", port).autoSelectFamily(false)
                .lookup(fixed("::1", "127.0.0.1")));
        assertThat(out.lines()).containsExactly(
                "lookup null ::1 6 example.test",
                "connectionAttempt ::1 " + port + " 6",
                "connectionAttemptFailed ::1 " + port + " 6 ECONNREFUSED",
                "error ECONNREFUSED",
                "attempted ");
        assertThat(out.error()).isNotInstanceOf(NetAggregateException.class)
                .hasMessage("connect ECONNREFUSED ::1:" + port);
    }

    @Test
    void netDefaultTurnsTheRaceOff() {
        int port = listen("127.0.0.1", 0).address().port();
        try {
            Net.setDefaultAutoSelectFamily(false);
            Outcome out = ours(ConnectOptions.to("example.test", port).lookup(fixed("::1", "127.0.0.1")));
            assertThat(out.error()).isNotNull();
            Outcome explicit = ours(ConnectOptions.to("example.test", port).autoSelectFamily(true)
                    .lookup(fixed("::1", "127.0.0.1")));
            echoes(explicit.socket());
        } finally {
            Net.setDefaultAutoSelectFamily(true);
        }
    }

    @Test
    void unknownHostIsEnotfoundWithTheErrorInTheLookupEvent() {
        Outcome out = ours(ConnectOptions.to("nonexistent.invalid", 80));
        assertThat(out.lines()).containsExactly("lookup ENOTFOUND - - nonexistent.invalid", "error ENOTFOUND", "attempted ");
        assertThat(out.error()).hasMessage("getaddrinfo ENOTFOUND nonexistent.invalid");
        assertThat(((NetException) out.error()).syscall()).isEqualTo("getaddrinfo");
    }

    @Test
    void failingOrEmptyLookupsGiveClearErrors() {
        Outcome thrown = ours(ConnectOptions.to("example.test", 80)
                .lookup(h -> Mono.error(new IllegalStateException("resolver down"))));
        assertThat(thrown.lines()).containsExactly("lookup ENOTFOUND - - example.test", "error ENOTFOUND", "attempted ");
        assertThat(thrown.error()).hasMessageContaining("example.test").hasMessageContaining("resolver down")
                .hasCauseInstanceOf(IllegalStateException.class);

        Outcome coded = ours(ConnectOptions.to("example.test", 80)
                .lookup(h -> Mono.error(new NetException("EAI_AGAIN", "getaddrinfo EAI_AGAIN example.test"))));
        assertThat(coded.lines()).containsExactly("lookup EAI_AGAIN - - example.test", "error EAI_AGAIN", "attempted ");

        for (Function<String, Mono<List<InetAddress>>> nothing : List.<Function<String, Mono<List<InetAddress>>>>of(
                h -> Mono.just(List.of()), h -> Mono.empty())) {
            Outcome none = ours(ConnectOptions.to("example.test", 80).lookup(nothing));
            assertThat(none.lines()).containsExactly("lookup ENOTFOUND - - example.test", "error ENOTFOUND", "attempted ");
            assertThat(none.error()).hasMessage("getaddrinfo ENOTFOUND example.test (the lookup found no address)");
        }

        Outcome wrongFamily = ours(ConnectOptions.to("example.test", 80).family(6).lookup(fixed("127.0.0.1")));
        assertThat(wrongFamily.lines()).containsExactly("lookup ENOTFOUND - - example.test", "error ENOTFOUND", "attempted ");
        assertThat(wrongFamily.error()).hasMessageContaining("no IPv6 address");

        Outcome nullMono = ours(ConnectOptions.to("example.test", 80).lookup(h -> null));
        assertThat(nullMono.error()).hasMessageContaining("the lookup function returned null");
    }

    @Test
    void invalidAttemptTimeoutIsRejectedBeforeConnecting() {
        assertThatThrownBy(() -> Net.connect(ConnectOptions.to(80).autoSelectFamilyAttemptTimeout(Duration.ZERO)))
                .isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("must be >= 1 ms");
    }

    @Test
    void aThrowingListenerFailsTheConnectAndStartsNothingMore() {
        int port = listen("127.0.0.1", 0).address().port();
        IllegalStateException boom = new IllegalStateException("listener bug");
        List<ConnectEvent> seen = new CopyOnWriteArrayList<>();
        StepVerifier.create(Net.connect(ConnectOptions.to("example.test", port).lookup(fixed("::1", "127.0.0.1"))
                        .onEvent(e -> {
                            seen.add(e);
                            if (e instanceof ConnectEvent.ConnectionAttemptFailed) {
                                throw boom;
                            }
                        })))
                .expectErrorMatches(e -> e == boom)
                .verify(WAIT);
        assertThat(seen).hasSize(4).noneMatch(e -> e instanceof ConnectEvent.ConnectionAttempt a && a.ip().equals("127.0.0.1"));
    }

    @Test
    void ipAddressHostNeedsNoLookup() {
        int port = listen("127.0.0.1", 0).address().port();
        Outcome out = ours(ConnectOptions.to("127.0.0.1", port).lookup(h -> {
            throw new AssertionError("no lookup for an IP address");
        }));
        assertThat(out.lines()).containsExactly("connectionAttempt 127.0.0.1 " + port + " 4", "connect 127.0.0.1", "attempted ");
        echoes(out.socket());
    }

    // ------------------------------------------------------------------ acceptance 4

    @Test
    void familySixForcesIpv6() {
        int port = listen("127.0.0.1", 0).address().port();
        listen("::1", port);
        Outcome six = ours(ConnectOptions.to("example.test", port).family(6).lookup(fixed("127.0.0.1", "::1")));
        assertThat(six.lines()).containsExactly(
                "lookup null ::1 6 example.test", "connectionAttempt ::1 " + port + " 6", "connect ::1", "attempted ");
        echoes(six.socket());
        Outcome four = ours(ConnectOptions.to("example.test", port).family(4).lookup(fixed("::1", "127.0.0.1")));
        assertThat(four.socket().remoteAddress()).isEqualTo("127.0.0.1");
        echoes(four.socket());
    }

    @Test
    void v4MappedHintLetsFamilySixUseIpv4Results() {
        int port = listen("127.0.0.1", 0).address().port();
        Outcome mapped = ours(ConnectOptions.to("example.test", port).family(6).hints(ConnectOptions.HINT_V4MAPPED)
                .lookup(fixed("127.0.0.1")));
        // The JDK has no IPv4-mapped IPv6 addresses: the IPv4 address itself is used.
        assertThat(mapped.lines()).containsExactly(
                "lookup null 127.0.0.1 4 example.test", "connectionAttempt 127.0.0.1 " + port + " 4",
                "connect 127.0.0.1", "attempted ");
        echoes(mapped.socket());
        Outcome v6First = ours(ConnectOptions.to("example.test", port).family(6).hints(ConnectOptions.HINT_V4MAPPED)
                .lookup(fixed("127.0.0.1", "::1")));
        assertThat(v6First.lines()).startsWith("lookup null ::1 6 example.test");
    }

    /** The BlockList is checked for every address before its SYN; a blocked one is skipped, as a failed attempt. */
    @Test
    void blockedAddressIsSkippedWithoutASyn() {
        int port = listen("127.0.0.1", 0).address().port();
        ListeningServer v6 = listen("::1", port);
        List<io.reactivenet.ServerEvent> v6Events = new CopyOnWriteArrayList<>();
        v6.events().subscribe(v6Events::add);
        io.reactivenet.BlockList blockList = new io.reactivenet.BlockList();
        blockList.addAddress("::1", "ipv6");
        Outcome out = ours(ConnectOptions.to("example.test", port).blockList(blockList).lookup(fixed("::1", "127.0.0.1")));
        assertThat(out.lines()).containsExactly(
                "lookup null ::1 6 example.test",
                "lookup null 127.0.0.1 4 example.test",
                "connectionAttemptFailed ::1 " + port + " 6 ERR_IP_BLOCKED",
                "connectionAttempt 127.0.0.1 " + port + " 4",
                "connect 127.0.0.1",
                "attempted 127.0.0.1:" + port);
        echoes(out.socket());
        assertThat(v6.connectionCount()).isZero();
        assertThat(v6Events).noneMatch(e -> e instanceof io.reactivenet.ServerEvent.Connection);

        // Every address blocked: the aggregate says ERR_IP_BLOCKED and nothing was attempted.
        blockList.addAddress("127.0.0.1", "ipv4");
        Outcome none = ours(ConnectOptions.to("example.test", port).blockList(blockList).lookup(fixed("::1", "127.0.0.1")));
        assertThat(none.error()).isInstanceOf(NetAggregateException.class);
        assertThat(((NetException) none.error()).code()).isEqualTo("ERR_IP_BLOCKED");
        assertThat(none.lines()).doesNotContain("connectionAttempt 127.0.0.1 " + port + " 4");
    }
}
