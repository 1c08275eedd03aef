package io.reactivenet.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactivenet.BlockList;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.proxy.ProxyHeader;
import io.reactivenet.proxy.ProxyProtocol;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.HaProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** PROXY protocol v2 over a Unix socket: HAProxy takes TCP clients and sends to a socket file (issue 17). */
class ProxyProtocolIpcIT {

    static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void aUnixSocketServerSeesTheTcpClientBehindHaproxyAndBlocksIt(Transport transport) {
        Path haproxy = HaProxy.binary().orElse(null);
        assumeTrue(haproxy != null, "haproxy is not installed (.ci/run installs it)");
        assumeTrue(transport.isAvailable(), transport + " is not available here");
        BlockList blockList = new BlockList();
        blockList.addAddress("127.0.0.3");
        Path path = dir.resolve("proxied.sock");
        ListeningServer server = Ipc.createServer(
                ServerOptions.defaults().proxyProtocol(ProxyProtocol.ON).blockList(blockList), s -> {
                    ProxyHeader h = s.proxy();
                    String line = s.remoteAddress() + ":" + s.remotePort() + " v" + h.version() + " via "
                            + h.balancerPath() + "\n";
                    return s.inbound().take(1).then(s.write(line)).then(s.end());
                }).listen(IpcListenOptions.path(path).transport(transport)).block(T);
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        Disposable sub = server.events().subscribe(events::add);
        try (HaProxy lb = HaProxy.start(haproxy, dir, HaProxy.Send.V2, List.of(path.toString()))) {
            NetSocket c = Net.connect(ConnectOptions.to("127.0.0.1", lb.port()).localAddress("127.0.0.2")).block(T);
            String reply = c.inbound().map(Bytes::utf8).reduce("", String::concat)
                    .doOnSubscribe(x -> c.write("hi\n").subscribe()).block(T);
            assertThat(reply).isEqualTo("127.0.0.2:" + c.localPort() + " v2 via " + path + "\n");

            NetSocket blocked = Net.connect(ConnectOptions.to("127.0.0.1", lb.port()).localAddress("127.0.0.3"))
                    .block(T);
            blocked.write("hi\n").subscribe(null, e -> { });
            StepVerifier.create(blocked.inbound()).expectComplete().verify(T);
            Await.until("a Blocked event", T, () -> events.stream().anyMatch(e -> e instanceof ServerEvent.Blocked
                    && ((ServerEvent.Blocked) e).remote().address().equals("127.0.0.3")));
        } finally {
            sub.dispose();
            server.closeNow().block(T);
        }
    }
}
