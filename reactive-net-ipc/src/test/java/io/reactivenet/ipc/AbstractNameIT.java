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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Linux abstract names: server and client meet without a file, and nothing is left to clean up. */
class AbstractNameIT {

    private static final Duration T = Duration.ofSeconds(10);

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::toString).sorted().toList();
        }
    }

    /** The kernel's table of Unix sockets; abstract names show with a leading '@'. */
    private static boolean kernelKnows(String name) throws IOException {
        return Files.readAllLines(Path.of("/proc/net/unix")).stream().anyMatch(l -> l.endsWith(" @" + name));
    }

    @Test
    void serverAndClientMeetOnAnAbstractNameAndNoFileAppears() throws IOException {
        String name = "reactive-net-test-" + UUID.randomUUID();
        Path cwd = Path.of("").toAbsolutePath();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<String> cwdBefore = listing(cwd);
        List<String> tmpBefore = listing(tmp);

        ListeningServer server = Ipc.createServer(s -> s.send(s.inbound()))
                .listen(IpcListenOptions.abstractName(name)).block(T);
        try {
            assertThat(server.path()).isEqualTo("\0" + name);
            assertThat(kernelKnows(name)).isTrue();
            for (IpcConnectOptions how : List.of(IpcConnectOptions.abstractName(name), IpcConnectOptions.path("\0" + name))) {
                NetSocket client = Ipc.connect(how).block(T);
                StepVerifier.create(client.inbound().map(Bytes::utf8))
                        .then(() -> client.write("abstract").subscribe())
                        .expectNext("abstract")
                        .then(() -> client.end().subscribe())
                        .expectComplete()
                        .verify(T);
            }
            assertThat(listing(cwd)).isEqualTo(cwdBefore);
        } finally {
            server.close().block(T);
        }
        assertThat(kernelKnows(name)).isFalse();
        assertThat(listing(cwd)).isEqualTo(cwdBefore);
        // Other tests may write to the temp dir concurrently; nothing named after us may appear there.
        assertThat(listing(tmp)).filteredOn(f -> f.contains(name)).isEmpty();
        assertThat(tmpBefore).filteredOn(f -> f.contains(name)).isEmpty();

        // Nothing to clean up: the name is free again at once, even without removeStale.
        ListeningServer again = Ipc.createServer(s -> s.inbound().then()).listen("\0" + name).block(T);
        again.close().block(T);
    }

    @Test
    void aSecondServerOnALiveAbstractNameGetsEaddrinuse() {
        String name = "reactive-net-test-" + UUID.randomUUID();
        ListeningServer server = Ipc.createServer(s -> s.inbound().then()).listen(IpcListenOptions.abstractName(name)).block(T);
        try {
            StepVerifier.create(Ipc.createServer(s -> s.inbound().then()).listen(IpcListenOptions.abstractName(name)))
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isEqualTo(NetException.EADDRINUSE))
                    .verify(T);
        } finally {
            server.close().block(T);
        }
    }

    @Test
    void connectingToAnUnusedAbstractNameIsRefused() {
        StepVerifier.create(Ipc.connect(IpcConnectOptions.abstractName("reactive-net-nobody-" + UUID.randomUUID())))
                .expectErrorSatisfies(e -> {
                    assertThat(((NetException) e).code()).isEqualTo(NetException.ECONNREFUSED);
                    assertThat(e.getMessage()).contains("@reactive-net-nobody-");
                })
                .verify(T);
    }

    @Test
    void nioCannotCarryAnAbstractName() {
        assertThatThrownBy(() -> Ipc.createServer(s -> s.inbound().then())
                .listen(IpcListenOptions.abstractName("x").transport(Transport.NIO)))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("EPOLL");
        assertThatThrownBy(() -> Ipc.connect(IpcConnectOptions.abstractName("x").transport(Transport.NIO)))
                .isInstanceOf(NetArgumentException.class);
    }
}
