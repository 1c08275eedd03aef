package io.reactivenet.ipc;

import io.reactivenet.Transport;
import io.reactivenet.testing.NodeProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.testing.Bytes;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Node interop over a socket file, both ways, 16 MiB with SHA-256; and node's error codes as the oracle for ours. */
class NodeIpcInteropIT {

    private static final Duration T = Duration.ofSeconds(60);
    private static final int SIZE = 16 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void aNodeClientAgainstOurServer(Transport transport) throws Exception {
        Path p = dir.resolve("ours.sock");
        Bytes.Sha256 seenByServer = new Bytes.Sha256();
        ListeningServer server = Ipc.createServer(s -> s.send(s.inbound().doOnNext(seenByServer::update)))
                .listen(IpcListenOptions.path(p).transport(transport)).block(T);
        try (NodeProcess node = NodeProcess.node("ipc-sha-client.js", p.toString(), Integer.toString(SIZE))) {
            String json = node.nextLine(T);
            assertThat(field(json, "received")).isEqualTo(Integer.toString(SIZE));
            assertThat(field(json, "receivedSha")).isEqualTo(field(json, "sentSha"));
            assertThat(seenByServer.count()).isEqualTo(SIZE);
            assertThat(seenByServer.hex()).isEqualTo(field(json, "sentSha"));
        } finally {
            server.close().block(T);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void ourClientAgainstANodeServer(Transport transport) throws Exception {
        Path p = dir.resolve("node.sock");
        byte[] data = Bytes.random(42, SIZE);
        try (NodeProcess node = NodeProcess.node("ipc-echo-server.js", p.toString())) {
            assertThat(node.nextLine(T)).isEqualTo("LISTENING");
            NetSocket client = Ipc.connect(IpcConnectOptions.path(p).transport(transport)).block(T);
            Bytes.Sha256 echoed = new Bytes.Sha256();
            Mono<Void> read = client.inbound().doOnNext(echoed::update).then();
            Flux<ByteBuffer> chunks = Flux.range(0, SIZE / CHUNK).map(i -> ByteBuffer.wrap(data, i * CHUNK, CHUNK));
            Mono<Void> write = client.send(chunks).then(Mono.defer(client::end));
            Mono.when(read, write).block(T);
            client.onClose().block(T);
            assertThat(echoed.count()).isEqualTo(SIZE);
            assertThat(echoed.hex()).isEqualTo(Bytes.sha256(data));
            assertThat(node.closeStdinAndWait(T)).isZero();
        }
        assertThat(p).as("node unlinks its socket file on close").doesNotExist();
    }

    /** Node's own error codes for the same situations are the oracle for ours. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void connectErrorCodesMatchNode(Transport transport) throws Exception {
        Path missing = dir.resolve("missing.sock");
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(stale));
        }
        try {
            for (Path p : new Path[] {missing, stale}) {
                String nodeCode;
                try (NodeProcess node = NodeProcess.node("ipc-connect-error.js", p.toString())) {
                    nodeCode = node.nextLine(T);
                }
                Throwable ours = Ipc.connect(IpcConnectOptions.path(p).transport(transport))
                        .map(s -> (Throwable) null).onErrorResume(e -> Mono.just(e)).block(T);
                assertThat(ours).isInstanceOf(NetException.class);
                assertThat(((NetException) ours).code()).isEqualTo(nodeCode);
            }
        } finally {
            Files.deleteIfExists(stale);
        }
    }
}
