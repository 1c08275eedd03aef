package io.reactivenet.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactivenet.BlockList;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.HaProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * PROXY protocol v1 and v2 behind a real {@code haproxy} in TCP mode (issue 17, acceptance 2):
 * the handler sees the client, not HAProxy; the BlockList applies to the client; AUTO serves
 * direct and proxied clients on one port; a bad or missing header never reaches the handler.
 */
class ProxyProtocolIT {

    static final Duration T = Duration.ofSeconds(10);
    static Path haproxy;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsHaproxy() {
        haproxy = HaProxy.binary().orElse(null);
        assumeTrue(haproxy != null, "haproxy is not installed (.ci/run installs it)");
    }

    /** Replies to the first line with who the server thinks the peer is, then ends. */
    static Mono<Void> whoAmI(NetSocket s, AtomicInteger calls) {
        calls.incrementAndGet();
        ProxyHeader h = s.proxy();
        String via = h == null ? "direct" : "v" + h.version() + " via " + h.balancer().address();
        return s.inbound().take(1).then(s.write(s.remoteAddress() + ":" + s.remotePort() + " " + via + "\n"))
                .then(s.end());
    }

    static String ask(int port, String localAddress) {
        NetSocket c = Net.connect(ConnectOptions.to("127.0.0.1", port).localAddress(localAddress)).block(T);
        String reply = c.inbound().map(Bytes::utf8).reduce("", String::concat)
                .doOnSubscribe(x -> c.write("hello\n").subscribe()).block(T);
        return reply.trim() + " @" + c.localPort();
    }

    @ParameterizedTest
    @EnumSource(HaProxy.Send.class)
    void handlerSeesTheClientNotHaproxy(HaProxy.Send send) {
        AtomicInteger calls = new AtomicInteger();
        ListeningServer server = Net.createServer(ServerOptions.defaults().proxyProtocol(ProxyProtocol.ON),
                s -> whoAmI(s, calls)).listen(0, "127.0.0.1").block(T);
        try (HaProxy lb = HaProxy.start(haproxy, dir, send, List.of("127.0.0.1:" + server.address().port()))) {
            String reply = ask(lb.port(), "127.0.0.2");
            String clientPort = reply.substring(reply.indexOf('@') + 1);
            int v = send == HaProxy.Send.V1 ? 1 : 2;
            assertThat(reply).isEqualTo("127.0.0.2:" + clientPort + " v" + v + " via 127.0.0.1 @" + clientPort);
            assertThat(calls).hasValue(1);
        } finally {
            server.closeNow().block(T);
        }
    }

    @ParameterizedTest
    @EnumSource(HaProxy.Send.class)
    void blockListRuleOnTheClientBlocksItThroughHaproxy(HaProxy.Send send) {
        BlockList blockList = new BlockList();
        blockList.addAddress("127.0.0.2");
        AtomicInteger calls = new AtomicInteger();
        ListeningServer server = Net.createServer(
                ServerOptions.defaults().proxyProtocol(ProxyProtocol.ON).blockList(blockList),
                s -> whoAmI(s, calls)).listen(0, "127.0.0.1").block(T);
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        Disposable sub = server.events().subscribe(events::add);
        try (HaProxy lb = HaProxy.start(haproxy, dir, send, List.of("127.0.0.1:" + server.address().port()))) {
            NetSocket blocked = Net.connect(ConnectOptions.to("127.0.0.1", lb.port()).localAddress("127.0.0.2"))
                    .block(T);
            blocked.write("hello\n").subscribe(null, e -> { });
            StepVerifier.create(blocked.inbound()).expectComplete().verify(T);
            Await.until("a Blocked event", T, () -> events.stream().anyMatch(e -> e instanceof ServerEvent.Blocked));
            ServerEvent.Blocked event = events.stream().filter(e -> e instanceof ServerEvent.Blocked)
                    .map(ServerEvent.Blocked.class::cast).findFirst().orElseThrow();
            assertThat(event.remote().address()).isEqualTo("127.0.0.2");
            assertThat(event.remote().port()).isEqualTo(blocked.localPort());

            String allowed = ask(lb.port(), "127.0.0.1");
            assertThat(allowed).startsWith("127.0.0.1:");
            assertThat(calls).hasValue(1);
        } finally {
            sub.dispose();
            server.closeNow().block(T);
        }
    }

    @Test
    void autoServesADirectAndAProxiedClientOnOnePort() {
        AtomicInteger calls = new AtomicInteger();
        ListeningServer server = Net.createServer(ServerOptions.defaults().proxyProtocol(ProxyProtocol.AUTO),
                s -> whoAmI(s, calls)).listen(0, "127.0.0.1").block(T);
        int port = server.address().port();
        try (HaProxy lb = HaProxy.start(haproxy, dir, HaProxy.Send.V2, List.of("127.0.0.1:" + port))) {
            String direct = ask(port, "127.0.0.3");
            String directPort = direct.substring(direct.indexOf('@') + 1);
            assertThat(direct).isEqualTo("127.0.0.3:" + directPort + " direct @" + directPort);
            String proxied = ask(lb.port(), "127.0.0.2");
            String proxiedPort = proxied.substring(proxied.indexOf('@') + 1);
            assertThat(proxied).isEqualTo("127.0.0.2:" + proxiedPort + " v2 via 127.0.0.1 @" + proxiedPort);
            assertThat(calls).hasValue(2);
        } finally {
            server.closeNow().block(T);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProxyProtocol.class, names = {"ON", "AUTO"})
    void aGarbageHeaderIsClosedWithoutReachingTheHandler(ProxyProtocol mode) {
        AtomicInteger calls = new AtomicInteger();
        ListeningServer server = Net.createServer(ServerOptions.defaults().proxyProtocol(mode), s -> {
            calls.incrementAndGet();
            return s.send(s.inbound());
        }).listen(0, "127.0.0.1").block(T);
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        Disposable sub = server.events().subscribe(events::add);
        try {
            NetSocket c = Net.connect(server.address().port(), "127.0.0.1").block(T);
            // AUTO takes a header signature with garbage after it for a malformed header.
            String garbage = mode == ProxyProtocol.ON ? "GARBAGE NOT A HEADER AT ALL\r\n" : "PROXY TCP9 x y z w\r\n";
            c.write(garbage.getBytes(StandardCharsets.US_ASCII)).subscribe(null, e -> { });
            StepVerifier.create(c.inbound()).expectComplete().verify(T);
            NetException error = awaitProxyError(events);
            assertThat(error.getMessage()).startsWith("Invalid PROXY protocol header from 127.0.0.1:" + c.localPort());
            assertThat(calls).hasValue(0);
            assertThat(server.connectionCount()).isZero();
        } finally {
            sub.dispose();
            server.closeNow().block(T);
        }
    }

    @Test
    void aSilentConnectionIsClosedAfterTheHeaderTimeout() {
        AtomicInteger calls = new AtomicInteger();
        Duration timeout = Duration.ofMillis(300);
        ListeningServer server = Net.createServer(
                ServerOptions.defaults().proxyProtocol(ProxyProtocol.ON).proxyHeaderTimeout(timeout), s -> {
                    calls.incrementAndGet();
                    return s.send(s.inbound());
                }).listen(0, "127.0.0.1").block(T);
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        Disposable sub = server.events().subscribe(events::add);
        try {
            long start = System.nanoTime();
            NetSocket c = Net.connect(server.address().port(), "127.0.0.1").block(T);
            StepVerifier.create(c.inbound()).expectComplete().verify(T);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout);
            NetException error = awaitProxyError(events);
            assertThat(error.getMessage())
                    .isEqualTo("No PROXY protocol header from 127.0.0.1:" + c.localPort() + " within 300 ms");
            assertThat(calls).hasValue(0);
        } finally {
            sub.dispose();
            server.closeNow().block(T);
        }
    }

    @Test
    void tlsAfterTheHeaderThroughHaproxy() {
        AtomicInteger calls = new AtomicInteger();
        ListeningServer server = Net.createServer(ServerOptions.defaults().proxyProtocol(ProxyProtocol.ON)
                        .tls(io.reactivenet.testing.TlsFixtures.server()),
                s -> whoAmI(s, calls)).listen(0, "127.0.0.1").block(T);
        try (HaProxy lb = HaProxy.start(haproxy, dir, HaProxy.Send.V2, List.of("127.0.0.1:" + server.address().port()))) {
            NetSocket c = Net.connect(ConnectOptions.to("127.0.0.1", lb.port()).localAddress("127.0.0.2")
                    .tls(io.reactivenet.testing.TlsFixtures.client())).block(T);
            assertThat(c.isEncrypted()).isTrue();
            String reply = c.inbound().map(Bytes::utf8).reduce("", String::concat)
                    .doOnSubscribe(x -> c.write("hello\n").subscribe()).block(T);
            assertThat(reply).isEqualTo("127.0.0.2:" + c.localPort() + " v2 via 127.0.0.1\n");
            assertThat(calls).hasValue(1);
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void maxConnectionsDropEventsNameTheClientFromTheHeader() {
        ListeningServer server = Net.createServer(
                ServerOptions.defaults().proxyProtocol(ProxyProtocol.ON).maxConnections(1),
                s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        Disposable sub = server.events().subscribe(events::add);
        int port = server.address().port();
        try {
            NetSocket first = Net.connect(port, "127.0.0.1").block(T);
            StepVerifier.create(first.inbound().map(Bytes::utf8).take(1))
                    .then(() -> first.write("PROXY TCP4 203.0.113.7 127.0.0.1 4242 80\r\nping").subscribe())
                    .expectNext("ping")
                    .verifyComplete();
            NetSocket second = Net.connect(port, "127.0.0.1").block(T);
            second.write("PROXY TCP6 2001:db8::8 ::1 4343 80\r\n").subscribe(null, e -> { });
            StepVerifier.create(second.inbound()).expectComplete().verify(T);
            Await.until("a Drop event", T, () -> events.stream().anyMatch(e -> e instanceof ServerEvent.Drop));
            ServerEvent.Drop drop = events.stream().filter(e -> e instanceof ServerEvent.Drop)
                    .map(ServerEvent.Drop.class::cast).findFirst().orElseThrow();
            assertThat(drop.remoteAddress()).isEqualTo("2001:db8::8");
            assertThat(drop.remotePort()).isEqualTo(4343);
            assertThat(drop.remoteFamily()).isEqualTo("IPv6");
            assertThat(server.connectionCount()).isEqualTo(1);
            first.destroy();
        } finally {
            sub.dispose();
            server.closeNow().block(T);
        }
    }

    @Test
    void optionsCheckTheirArguments() {
        ServerOptions base = ServerOptions.defaults();
        assertThat(base.proxyProtocol()).isEqualTo(ProxyProtocol.OFF);
        assertThat(base.proxyHeaderTimeout()).isEqualTo(Duration.ofSeconds(5));
        ServerOptions on = base.proxyProtocol(ProxyProtocol.ON);
        assertThat(on).isNotSameAs(base).isNotEqualTo(base);
        assertThat(base.proxyProtocol()).isEqualTo(ProxyProtocol.OFF);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> base.proxyHeaderTimeout(Duration.ZERO))
                .isInstanceOf(io.reactivenet.NetArgumentException.class).hasMessageContaining("proxyHeaderTimeout");
    }

    static NetException awaitProxyError(List<ServerEvent> events) {
        Await.until("an ERR_PROXY_PROTOCOL event", T, () -> events.stream().anyMatch(e -> e instanceof ServerEvent.Error));
        NetException error = (NetException) events.stream().filter(e -> e instanceof ServerEvent.Error)
                .map(e -> ((ServerEvent.Error) e).error()).findFirst().orElseThrow();
        assertThat(error.code()).isEqualTo(ProxyProtocol.ERR_PROXY_PROTOCOL);
        return error;
    }
}
