package io.reactivenet.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.Transport;
import io.reactivenet.testing.Bytes;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/** The socket file's life: created by listen, removed by close/closeNow, live vs stale vs foreign files, length limit, connect errors. */
class SocketFileLifecycleIT {

    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    private static boolean isSocket(Path p) throws IOException {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                && ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000) == 0140000;
    }

    /** A socket file nobody accepts on: what a crashed process leaves (the JDK does not unlink on close). */
    private static void makeStale(Path p) throws IOException {
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(p));
        }
        assertThat(isSocket(p)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void closeRemovesTheSocketFile(Transport transport) throws IOException {
        Path p = dir.resolve("c.sock");
        ListeningServer server = Ipc.createServer(s -> s.send(s.inbound()))
                .listen(IpcListenOptions.path(p).transport(transport)).block(T);
        assertThat(server.path()).isEqualTo(p.toString());
        assertThat(server.address()).isNull();
        assertThat(isSocket(p)).isTrue();
        NetSocket client = Ipc.connect(IpcConnectOptions.path(p).transport(transport)).block(T);
        StepVerifier.create(client.inbound().map(Bytes::utf8))
                .then(() -> client.write("ping").subscribe())
                .expectNext("ping")
                .then(() -> client.end().subscribe())
                .expectComplete()
                .verify(T);
        server.close().block(T);
        assertThat(p).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void bothSidesReportTheServersPathAndNoInetAddress(Transport transport) throws Exception {
        Path p = dir.resolve("p.sock");
        java.util.concurrent.CompletableFuture<NetSocket> accepted = new java.util.concurrent.CompletableFuture<>();
        ListeningServer server = Ipc.createServer(s -> {
                    accepted.complete(s);
                    return s.inbound().then();
                })
                .listen(IpcListenOptions.path(p).transport(transport)).block(T);
        try {
            NetSocket client = Ipc.connect(IpcConnectOptions.path(p).transport(transport)).block(T);
            NetSocket serverSide = accepted.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(client.path()).isEqualTo(p.toString());
            assertThat(serverSide.path()).isEqualTo(p.toString());
            assertThat(client.remote()).isNull();
            assertThat(serverSide.remote()).isNull();
            client.destroy();
        } finally {
            server.closeNow().block(T);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void closeNowRemovesTheSocketFileWithAConnectionOpen(Transport transport) {
        Path p = dir.resolve("n.sock");
        ListeningServer server = Ipc.createServer(s -> s.inbound().then())
                .listen(IpcListenOptions.path(p).transport(transport)).block(T);
        NetSocket client = Ipc.connect(IpcConnectOptions.path(p).transport(transport)).block(T);
        // Reading, so the client notices the server's close (no demand, no reading).
        client.inbound().subscribe(b -> { }, e -> { });
        server.closeNow().block(T);
        assertThat(p).doesNotExist();
        client.onClose().block(T);
    }

    @Test
    void aLiveServerOnThePathGivesEaddrinuseAndKeepsItsFile() throws IOException {
        Path p = dir.resolve("live.sock");
        ListeningServer first = Ipc.createServer(s -> s.send(s.inbound())).listen(p).block(T);
        try {
            for (boolean removeStale : new boolean[] {false, true}) {
                StepVerifier.create(Ipc.createServer(s -> s.send(s.inbound()))
                                .listen(IpcListenOptions.path(p).removeStale(removeStale)))
                        .expectErrorSatisfies(e -> {
                            assertThat(((NetException) e).code()).isEqualTo(NetException.EADDRINUSE);
                            assertThat(e).hasMessageContaining(p.toString()).hasMessageContaining("accepting");
                        })
                        .verify(T);
            }
            assertThat(isSocket(p)).isTrue();
            // The first server still works: the failed listen did not touch its file.
            NetSocket c = Ipc.connect(p).block(T);
            c.destroy();
        } finally {
            first.close().block(T);
        }
    }

    @Test
    void aStaleFileIsReportedAsStaleOrRemovedWithRemoveStale() throws IOException {
        Path p = dir.resolve("stale.sock");
        makeStale(p);
        StepVerifier.create(Ipc.createServer(s -> s.send(s.inbound())).listen(p))
                .expectErrorSatisfies(e -> {
                    assertThat(((NetException) e).code()).isEqualTo(NetException.EADDRINUSE);
                    assertThat(e).hasMessageContaining("stale").hasMessageContaining("removeStale(true)")
                            .hasMessageContaining(p.toString());
                })
                .verify(T);
        assertThat(isSocket(p)).isTrue();
        ListeningServer server = Ipc.createServer(s -> s.send(s.inbound()))
                .listen(IpcListenOptions.path(p).removeStale(true)).block(T);
        try {
            NetSocket c = Ipc.connect(p).block(T);
            c.destroy();
        } finally {
            server.close().block(T);
        }
        assertThat(p).doesNotExist();
    }

    @Test
    void aFileThatIsNotASocketIsNeverRemoved() throws IOException {
        Path p = dir.resolve("data.txt");
        Files.writeString(p, "precious");
        try {
            StepVerifier.create(Ipc.createServer(s -> s.send(s.inbound()))
                            .listen(IpcListenOptions.path(p).removeStale(true)))
                    .expectErrorSatisfies(e -> {
                        assertThat(((NetException) e).code()).isEqualTo(NetException.EADDRINUSE);
                        assertThat(e).hasMessageContaining("not a socket");
                    })
                    .verify(T);
            assertThat(p).hasContent("precious");
        } finally {
            Files.delete(p);
        }
    }

    @Test
    void aPathLongerThanTheLimitFailsBeforeAnyIo() {
        int max = Ipc.maxPathBytes();
        assertThat(max).isEqualTo(107); // Linux
        String dirPart = dir.toString() + "/";
        String ok = dirPart + "x".repeat(max - dirPart.length());
        String tooLong = ok + "y";
        assertThat(IpcListenOptions.path(ok).name()).isEqualTo(ok);
        assertThatThrownBy(() -> IpcListenOptions.path(tooLong))
                .isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("108 bytes").hasMessageContaining("limited to 107 bytes");
        assertThatThrownBy(() -> Ipc.createServer(s -> s.inbound().then()).listen(tooLong))
                .isInstanceOf(NetArgumentException.class);
        assertThatThrownBy(() -> Ipc.connect(tooLong)).isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("108 bytes");
        // Multi-byte characters count as their UTF-8 bytes: 36 x 3 bytes = 108.
        assertThatThrownBy(() -> IpcListenOptions.path("\u20ac".repeat(36)))
                .hasMessageContaining("108 bytes");
        // The longest allowed path really binds on epoll; NIO (the JDK) allows one byte less.
        ListeningServer server = Ipc.createServer(s -> s.inbound().then())
                .listen(IpcListenOptions.path(ok).transport(Transport.EPOLL)).block(T);
        server.close().block(T);
        assertThat(Path.of(ok)).doesNotExist();
        assertThat(Ipc.maxPathBytes(Transport.NIO)).isEqualTo(106);
        assertThat(Ipc.maxPathBytes(Transport.EPOLL)).isEqualTo(107);
        // AUTO is NIO, which refuses the kernel's longest path.
        assertThat(Ipc.maxPathBytes(Transport.AUTO)).isEqualTo(106);
        assertThatThrownBy(() -> Ipc.createServer(s -> s.inbound().then())
                        .listen(IpcListenOptions.path(ok).transport(Transport.NIO)))
                .isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("107 bytes").hasMessageContaining("NIO transport")
                .hasMessageContaining("limited to 106 bytes");
        assertThatThrownBy(() -> Ipc.connect(IpcConnectOptions.path(ok).transport(Transport.NIO)))
                .isInstanceOf(NetArgumentException.class)
                .hasMessageContaining("limited to 106 bytes");
        String okNio = ok.substring(0, ok.length() - 1);
        ListeningServer nio = Ipc.createServer(s -> s.inbound().then())
                .listen(IpcListenOptions.path(okNio).transport(Transport.NIO)).block(T);
        Ipc.connect(IpcConnectOptions.path(okNio).transport(Transport.NIO)).block(T).destroy();
        nio.close().block(T);
        assertThat(Path.of(okNio)).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void connectErrorsHaveNodeCodes(Transport transport) throws IOException {
        Path missing = dir.resolve("missing.sock");
        StepVerifier.create(Ipc.connect(IpcConnectOptions.path(missing).transport(transport)))
                .expectErrorSatisfies(e -> {
                    NetException n = (NetException) e;
                    assertThat(n.code()).isEqualTo(NetException.ENOENT);
                    assertThat(n.syscall()).isEqualTo("connect");
                    assertThat(n.address()).isEqualTo(missing.toString());
                    assertThat(n).hasMessage("connect ENOENT " + missing);
                })
                .verify(T);
        Path stale = dir.resolve("stale.sock");
        makeStale(stale);
        try {
            StepVerifier.create(Ipc.connect(IpcConnectOptions.path(stale).transport(transport)))
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isEqualTo(NetException.ECONNREFUSED))
                    .verify(T);
        } finally {
            Files.delete(stale);
        }
    }

    @Test
    void listenInAMissingDirectoryGivesEnoent() {
        Path p = dir.resolve("no/such/dir/s.sock");
        StepVerifier.create(Ipc.createServer(s -> s.inbound().then()).listen(p))
                .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isEqualTo(NetException.ENOENT))
                .verify(T);
    }
}
