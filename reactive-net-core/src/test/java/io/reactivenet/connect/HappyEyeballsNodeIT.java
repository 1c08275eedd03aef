package io.reactivenet.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.connect.ConnectFixtures.BlackHole;
import io.reactivenet.connect.HappyEyeballsIT.Outcome;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Node v20 as the oracle: the same connect (same lookup answers, same port, same options) made by
 * {@code node/connect/events.js} and by us must give the same event lines, the same outcome and the
 * same attempted addresses.
 */
class HappyEyeballsNodeIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<ListeningServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(s -> s.closeNow().block(WAIT));
    }

    private ListeningServer listen(String host, int port) {
        ListeningServer server = Net.createServer(s -> s.send(s.inbound())).listen(port, host).block(WAIT);
        servers.add(server);
        return server;
    }

    /**
     * Runs the connect with node and with us and asserts the lines are equal. {@code addresses} are
     * "ip/family" strings answered by a custom lookup; none means the system resolver.
     */
    private static List<String> compare(String host, int port, Duration attemptTimeout, boolean autoSelectFamily,
            int family, String... addresses) throws Exception {
        List<String> args = new ArrayList<>(List.of(host, String.valueOf(port), String.valueOf(attemptTimeout.toMillis()),
                String.valueOf(autoSelectFamily), String.valueOf(family)));
        args.addAll(Arrays.asList(addresses));
        List<String> node = ConnectFixtures.node(args.toArray(String[]::new));

        ConnectOptions options = ConnectOptions.to(host, port).autoSelectFamily(autoSelectFamily)
                .autoSelectFamilyAttemptTimeout(attemptTimeout).family(family).timeout(Duration.ofSeconds(10));
        if (addresses.length > 0) {
            List<InetAddress> list = Arrays.stream(addresses)
                    .map(a -> HappyEyeballsIT.ip(a.substring(0, a.lastIndexOf('/')))).toList();
            Function<String, Mono<List<InetAddress>>> lookup = h -> Mono.just(list);
            options = options.lookup(lookup);
        }
        Outcome ours = HappyEyeballsIT.ours(options);
        NetSocket socket = ours.socket();
        if (socket != null) {
            HappyEyeballsIT.echoes(socket);
        }
        assertThat(ours.lines()).as("ours vs node").containsExactlyElementsOf(node);
        return node;
    }

    @Test
    void refusedThenConnected() throws Exception {
        int port = listen("127.0.0.1", 0).address().port();
        List<String> lines = compare("example.test", port, Duration.ofMillis(250), true, 0, "::1/6", "127.0.0.1/4");
        assertThat(lines).contains("connectionAttemptFailed ::1 " + port + " 6 ECONNREFUSED", "connect 127.0.0.1");
    }

    @Test
    void unansweredThenConnectedAfterTheAttemptTimeout() throws Exception {
        for (int i = 0; ; i++) {
            try (BlackHole hole = new BlackHole(HappyEyeballsIT.ip("127.0.0.1"), 0)) {
                try {
                    listen("::1", hole.port);
                } catch (NetException inUse) {
                    if (i == 4) {
                        throw inUse;
                    }
                    continue;
                }
                List<String> lines = compare("example.test", hole.port, Duration.ofMillis(100), true, 0,
                        "127.0.0.1/4", "::1/6");
                assertThat(lines).contains("connectionAttemptTimeout 127.0.0.1 " + hole.port + " 4", "connect ::1");
                return;
            }
        }
    }

    @Test
    void everyAttemptRefused() throws Exception {
        ListeningServer s = Net.createServer(x -> x.send(x.inbound())).listen(0, "127.0.0.1").block(WAIT);
        int port = s.address().port();
        s.closeNow().block(WAIT);
        List<String> lines = compare("example.test", port, Duration.ofMillis(250), true, 0, "::1/6", "127.0.0.1/4");
        assertThat(lines).contains("error ECONNREFUSED");
    }

    @Test
    void duplicatesDroppedAndFamiliesInterleaved() throws Exception {
        int port = listen("127.0.0.1", 0).address().port();
        List<String> lines = compare("example.test", port, Duration.ofMillis(250), true, 0,
                "127.0.0.2/4", "127.0.0.1/4", "::1/6", "::1/6");
        assertThat(lines).contains("attempted 127.0.0.2:" + port + ",::1:" + port + ",127.0.0.1:" + port);
    }

    @Test
    void autoSelectFamilyOffTriesTheFirstOnly() throws Exception {
        int port = listen("127.0.0.1", 0).address().port();
        compare("example.test", port, Duration.ofMillis(250), false, 0, "::1/6", "127.0.0.1/4");
    }

    @Test
    void singleAddressAndIpHost() throws Exception {
        int port = listen("127.0.0.1", 0).address().port();
        compare("example.test", port, Duration.ofMillis(250), true, 0, "127.0.0.1/4");
        compare("127.0.0.1", port, Duration.ofMillis(250), true, 0);
    }

    @Test
    void familyFilters() throws Exception {
        int port = listen("127.0.0.1", 0).address().port();
        listen("::1", port);
        compare("example.test", port, Duration.ofMillis(250), true, 6, "127.0.0.1/4", "::1/6");
        compare("example.test", port, Duration.ofMillis(250), true, 4, "::1/6", "127.0.0.1/4");
        List<String> none = compare("example.test", port, Duration.ofMillis(250), true, 6, "127.0.0.1/4");
        assertThat(none).contains("error ENOTFOUND");
    }

    /** Acceptance 4: "localhost" through the system resolver, a server on every address it has, both families. */
    @Test
    void localhostWithTheSystemResolver() throws Exception {
        Set<String> families = Arrays.stream(InetAddress.getAllByName("localhost"))
                .map(HappyEyeballsIT::familyText).collect(Collectors.toSet());
        int port = listen("127.0.0.1", 0).address().port();
        listen("::1", port);
        List<String> any = compare("localhost", port, Duration.ofMillis(250), true, 0);
        assertThat(any.stream().filter(l -> l.startsWith("connect ")).findFirst().orElseThrow())
                .isIn("connect 127.0.0.1", "connect ::1");
        List<String> six = compare("localhost", port, Duration.ofMillis(250), true, 6);
        // Where localhost has an IPv6 address, family 6 connects over IPv6; where it has none (this
        // machine's /etc/hosts), node and we both say ENOTFOUND.
        assertThat(six).contains(families.contains("6") ? "connect ::1" : "error ENOTFOUND");
        compare("localhost", port, Duration.ofMillis(250), true, 4);
    }
}
