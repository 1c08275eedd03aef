package io.reactivenet.ipc;

import io.reactivenet.Transport;
import io.reactivenet.testing.NodeProcess;
import static java.nio.file.attribute.PosixFilePermission.GROUP_READ;
import static java.nio.file.attribute.PosixFilePermission.GROUP_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_READ;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** Node's readableAll/writableAll and a custom mode on the socket file; peer credentials on both transports. */
class PermissionsAndCredentialsIT {

    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    private Set<PosixFilePermission> modeAfterListen(IpcListenOptions options) throws IOException {
        ListeningServer server = Ipc.createServer(s -> s.inbound().then()).listen(options).block(T);
        try {
            return Files.getPosixFilePermissions(Path.of(server.path()), LinkOption.NOFOLLOW_LINKS);
        } finally {
            server.close().block(T);
        }
    }

    @Test
    void readableAllAndWritableAllAddToTheUmaskMode() throws IOException {
        Path p = dir.resolve("m.sock");
        Set<PosixFilePermission> plain = modeAfterListen(IpcListenOptions.path(p));
        Set<PosixFilePermission> readable = modeAfterListen(IpcListenOptions.path(p).readableAll(true));
        Set<PosixFilePermission> writable = modeAfterListen(IpcListenOptions.path(p).writableAll(true));
        Set<PosixFilePermission> both = modeAfterListen(IpcListenOptions.path(p).readableAll(true).writableAll(true));

        assertThat(readable).containsAll(plain).contains(OWNER_READ, GROUP_READ, OTHERS_READ);
        assertThat(writable).containsAll(plain).contains(OWNER_WRITE, GROUP_WRITE, OTHERS_WRITE);
        assertThat(both).containsAll(readable).containsAll(writable);
        // The test can fail: with the usual umask (022) a plain socket file is not writable by others.
        assertThat(plain).doesNotContain(OTHERS_WRITE);
    }

    @Test
    void aCustomModeIsExactAndReadableAllAddsToIt() throws IOException {
        Path p = dir.resolve("c.sock");
        assertThat(modeAfterListen(IpcListenOptions.path(p).mode(EnumSet.of(OWNER_READ, OWNER_WRITE))))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(modeAfterListen(IpcListenOptions.path(p).mode(PosixFilePermissions.fromString("rw-rw----"))
                .readableAll(true)))
                .isEqualTo(PosixFilePermissions.fromString("rw-rw-r--"));
    }

    /**
     * The kernel enforces the mode: a node client running as user 'nobody' gets EACCES on a 0600
     * socket and connects to a writableAll one. (This JVM runs as root here, which bypasses modes.)
     */
    @Test
    void theModeIsEnforcedForAnotherUser() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run node as nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = Files.copy(Path.of(NodeProcess.script("ipc-connect-error.js")), dir.resolve("connect.js"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Path p = dir.resolve("private.sock");
            for (boolean writableAll : new boolean[] {false, true}) {
                ListeningServer server = Ipc.createServer(s -> s.inbound().then())
                        .listen(IpcListenOptions.path(p).mode(EnumSet.of(OWNER_READ, OWNER_WRITE)).writableAll(writableAll))
                        .block(T);
                try (NodeProcess node = NodeProcess.start(java.util.List.of("/usr/bin/setpriv", "--reuid=65534",
                        "--regid=65534", "--clear-groups", "node", script.toString(), p.toString()))) {
                    assertThat(node.nextLine(T)).isEqualTo(writableAll ? "CONNECTED" : "EACCES");
                } finally {
                    server.close().block(T);
                }
            }
        } finally {
            Files.delete(script);
        }
    }

    private static int uidOfThisProcess() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static int gidOfThisProcess() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
    }

    @Test
    void epollPeerCredentialsReportThisProcessOnBothSides() throws Exception {
        Path p = dir.resolve("cred.sock");
        CompletableFuture<Optional<PeerCredentials>> seen = new CompletableFuture<>();
        ListeningServer server = Ipc.createServer(s -> {
                    seen.complete(Ipc.peerCredentials(s));
                    return s.inbound().then();
                })
                .listen(IpcListenOptions.path(p).transport(Transport.EPOLL)).block(T);
        try {
            NetSocket client = Ipc.connect(IpcConnectOptions.path(p).transport(Transport.EPOLL)).block(T);
            PeerCredentials onServer = seen.get(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(onServer.pid()).isEqualTo((int) ProcessHandle.current().pid());
            assertThat(onServer.uid()).isEqualTo(uidOfThisProcess());
            assertThat(onServer.gid()).isEqualTo(gidOfThisProcess());
            assertThat(onServer.hasIds()).isTrue();
            // The client sees the server's process: the same one here.
            assertThat(Ipc.peerCredentials(client).orElseThrow().pid()).isEqualTo((int) ProcessHandle.current().pid());
            client.destroy();
            client.onClose().block(T);
            assertThat(Ipc.peerCredentials(client)).isEmpty();
        } finally {
            server.close().block(T);
        }
    }

    @Test
    void epollPeerCredentialsOfANodeClientGiveItsPid() throws Exception {
        Path p = dir.resolve("nodecred.sock");
        CompletableFuture<Optional<PeerCredentials>> seen = new CompletableFuture<>();
        ListeningServer server = Ipc.createServer(s -> {
                    seen.complete(Ipc.peerCredentials(s));
                    return s.inbound().then();
                })
                .listen(IpcListenOptions.path(p).transport(Transport.EPOLL)).block(T);
        try (NodeProcess node = NodeProcess.node("ipc-connect-error.js", p.toString())) {
            assertThat(node.nextLine(T)).isEqualTo("CONNECTED");
            assertThat(seen.get(10, TimeUnit.SECONDS).orElseThrow().pid()).isEqualTo((int) node.pid());
        } finally {
            server.close().block(T);
        }
    }

    @Test
    void nioPeerCredentialsGiveNamesOnly() throws Exception {
        Path p = dir.resolve("niocred.sock");
        CompletableFuture<Optional<PeerCredentials>> seen = new CompletableFuture<>();
        ListeningServer server = Ipc.createServer(s -> {
                    seen.complete(Ipc.peerCredentials(s));
                    return s.inbound().then();
                })
                .listen(IpcListenOptions.path(p).transport(Transport.NIO)).block(T);
        try {
            NetSocket client = Ipc.connect(IpcConnectOptions.path(p).transport(Transport.NIO)).block(T);
            PeerCredentials c = seen.get(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(c.user()).isEqualTo(Files.getOwner(Path.of("/proc/self")).getName());
            assertThat(c.group()).isNotBlank();
            assertThat(c.pid()).isEqualTo(PeerCredentials.UNKNOWN);
            assertThat(c.hasIds()).isFalse();
            client.destroy();
        } finally {
            server.close().block(T);
        }
    }

    @Test
    void aTcpSocketHasNoPeerCredentials() {
        ListeningServer server = Net.createServer(s -> s.inbound().then()).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(T);
            assertThat(Ipc.peerCredentials(client)).isEmpty();
            client.destroy();
        } finally {
            server.close().onErrorResume(e -> Mono.empty()).block(T);
        }
    }
}
