package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.NodeProcess;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Real node v20 processes as peers of our server and our client. */
class NodeInteropIT {

    static final Duration T = Duration.ofSeconds(30);
    static final int SIXTEEN_MB = 16 * 1024 * 1024;

    static int port(String jsonLine) {
        Matcher m = Pattern.compile("\"port\":(\\d+)").matcher(jsonLine);
        assertThat(m.find()).as("port in " + jsonLine).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    @Test
    void nodeClientSendsSixteenMegabytesThroughOurEchoServer() {
        ListeningServer server = Net.createServer(s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        try (NodeProcess node = NodeProcess.start(getClass(), "/node/echo-client-sha.js",
                String.valueOf(server.address().port()), "127.0.0.1", String.valueOf(SIXTEEN_MB))) {
            String result = node.nextLine(T);
            assertThat(field(result, "received")).isEqualTo(String.valueOf(SIXTEEN_MB));
            assertThat(field(result, "receivedSha")).isEqualTo(field(result, "sentSha"));
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void ourClientSendsSixteenMegabytesThroughNodesEchoServer() {
        try (NodeProcess node = NodeProcess.start(getClass(), "/node/echo-server.js", "127.0.0.1")) {
            int port = port(node.nextLine(T));
            NetSocket client = Net.connect(port, "127.0.0.1").block(T);
            byte[] data = Bytes.random(16, SIXTEEN_MB);
            Bytes.Sha256 back = new Bytes.Sha256();
            Flux<ByteBuffer> chunks = Flux.range(0, SIXTEEN_MB / 65536)
                    .map(i -> ByteBuffer.wrap(data, i * 65536, 65536));
            Mono.when(client.inbound().doOnNext(back::update).then(), client.send(chunks).then(client.end()))
                    .block(T);
            assertThat(back.count()).isEqualTo(SIXTEEN_MB);
            assertThat(back.hex()).isEqualTo(Bytes.sha256(data));
            assertThat(client.onClose().block(T).hadError()).isFalse();
        }
    }

    @Test
    void nodeSeesOurEndAsEnd() {
        try (NodeProcess node = NodeProcess.start(getClass(), "/node/events-server.js")) {
            int port = port(node.nextLine(T));
            NetSocket client = Net.connect(port, "127.0.0.1").block(T);
            client.inbound().subscribe();
            client.write("hi").then(client.end()).block(T);
            assertThat(node.nextLine(T)).isEqualTo("data 2");
            assertThat(node.nextLine(T)).isEqualTo("end");
            assertThat(node.nextLine(T)).isEqualTo("close false");
            assertThat(client.onClose().block(T).hadError()).isFalse();
        }
    }

    @Test
    void nodeSeesOurResetAsEconnreset() {
        try (NodeProcess node = NodeProcess.start(getClass(), "/node/events-server.js")) {
            int port = port(node.nextLine(T));
            NetSocket client = Net.connect(port, "127.0.0.1").block(T);
            client.write("x").block(T);
            assertThat(node.nextLine(T)).isEqualTo("data 1");
            client.resetAndDestroy();
            assertThat(node.nextLine(T)).isEqualTo("error ECONNRESET");
            assertThat(node.nextLine(T)).isEqualTo("close true");
        }
    }

    @Test
    void nodesEndCompletesOurInbound() {
        try (NodeProcess node = NodeProcess.start(getClass(), "/node/events-server.js")) {
            int port = port(node.nextLine(T));
            NetSocket client = Net.connect(port, "127.0.0.1").block(T);
            StepVerifier.create(client.inbound().map(Bytes::utf8))
                    .then(() -> client.write("please end").subscribe())
                    .expectNext("bye")
                    .expectComplete()
                    .verify(T);
            assertThat(client.onClose().block(T).hadError()).isFalse();
        }
    }
}
