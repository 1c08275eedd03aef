package io.reactivenet.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ReadyState;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Bytes;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * Pins down a limitation of the NIO transport (Netty 4.2.17): its domain channel ignores
 * ALLOW_HALF_CLOSURE, so the peer's FIN closes the socket instead of ending only its input. If a
 * Netty upgrade fixes this, this test fails: then lift the NIO skips in the contract suites and the
 * NIO caveat in IpcTransport and docs/ipc.md.
 */
class NioHalfCloseIT {

    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    @Test
    void onNioThePeersFinClosesTheSocketEvenWithAllowHalfOpen() {
        assertThat(writeAfterPeerEnd(IpcTransport.NIO)).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void onEpollThePeersFinOnlyEndsInput() {
        assertThat(writeAfterPeerEnd(IpcTransport.EPOLL)).isEqualTo(ReadyState.WRITE_ONLY);
    }

    /** The server's readyState once the client's FIN was read, with allowHalfOpen. */
    private ReadyState writeAfterPeerEnd(IpcTransport transport) {
        Path p = dir.resolve(transport + ".sock");
        java.util.concurrent.CompletableFuture<ReadyState> seen = new java.util.concurrent.CompletableFuture<>();
        ListeningServer server = Ipc.createServer(ServerOptions.defaults().allowHalfOpen(true),
                        s -> s.inbound().then(Mono.fromRunnable(() -> seen.complete(s.readyState()))))
                .listen(IpcListenOptions.path(p).transport(transport)).block(T);
        try {
            NetSocket client = Ipc.connect(IpcConnectOptions.path(p).transport(transport).allowHalfOpen(true)).block(T);
            client.inbound().subscribe(b -> { }, e -> { });
            client.write(Bytes.utf8("x")).then(client.end()).block(T);
            ReadyState result = Mono.fromFuture(seen).block(T);
            client.destroy();
            return result;
        } finally {
            server.closeNow().block(T);
        }
    }
}
