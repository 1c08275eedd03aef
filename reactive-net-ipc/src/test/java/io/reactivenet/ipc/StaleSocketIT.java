package io.reactivenet.ipc;

import io.reactivenet.testing.NodeProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * A process listening on a path dies by SIGKILL and leaves its socket file: a new server without
 * removeStale gets the stale-file EADDRINUSE, with it binds. Once with a child JVM running our
 * server, once with a node server.
 */
class StaleSocketIT {

    private static final Duration T = Duration.ofSeconds(10);
    private static final Duration CHILD_JVM_START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    @Test
    void aChildJvmKilledWithSigkillLeavesAStaleFile() throws Exception {
        Path p = dir.resolve("jvm.sock");
        String java = ProcessHandle.current().info().command().orElse("java");
        try (NodeProcess child = NodeProcess.start(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", StaleServerMain.class.getName(), p.toString()))) {
            assertThat(child.nextLine(CHILD_JVM_START)).isEqualTo("LISTENING " + p);
            expectInUse(p, "accepting");
            child.kill(T);
        }
        assertStaleThenRecovered(p);
    }

    @Test
    void aNodeServerKilledWithSigkillLeavesAStaleFile() throws Exception {
        Path p = dir.resolve("node.sock");
        try (NodeProcess node = NodeProcess.node("ipc-echo-server.js", p.toString())) {
            assertThat(node.nextLine(T)).isEqualTo("LISTENING");
            expectInUse(p, "accepting");
            node.kill(T);
        }
        assertStaleThenRecovered(p);
    }

    private static void expectInUse(Path p, String why) {
        StepVerifier.create(Ipc.createServer(s -> s.inbound().then()).listen(p))
                .expectErrorSatisfies(e -> {
                    assertThat(((NetException) e).code()).isEqualTo(NetException.EADDRINUSE);
                    assertThat(e).hasMessageContaining(why);
                })
                .verify(T);
    }

    private static void assertStaleThenRecovered(Path p) {
        assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as("SIGKILL leaves the socket file").isTrue();
        StepVerifier.create(Ipc.connect(p))
                .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isEqualTo(NetException.ECONNREFUSED))
                .verify(T);
        expectInUse(p, "stale");
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
}
