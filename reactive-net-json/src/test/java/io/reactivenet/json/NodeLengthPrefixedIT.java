package io.reactivenet.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Length-prefixed JSON on the wire as Node writes it ({@code writeUInt32BE} + UTF-8 JSON): a Node client's values, cut at random bytes, echo back intact and in order. */
class NodeLengthPrefixedIT {

    @Test
    void nodeValuesEchoThroughOurLengthPrefixedDecoderAndEncoder(@TempDir Path tmp) throws Exception {
        JsonCodec codec = JsonCodec.lengthPrefixed(JsonMapper.shared());
        ListeningServer server = Net.createServer(s -> s.send(s.inbound().transform(codec.decoder())
                        .transform(codec.encoder()::apply)))
                .listen(0, "127.0.0.1").block(Duration.ofSeconds(10));
        Process node = null;
        try {
            Path out = tmp.resolve("node.out");
            node = new ProcessBuilder("node", Path.of(NodeLengthPrefixedIT.class.getResource("/node/length-prefixed-client.js").toURI()).toString(),
                    String.valueOf(server.address().port()), "20000", "77")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done = node.waitFor(120, TimeUnit.SECONDS);
            String log = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(done).as("node finished; output: %s", log).isTrue();
            assertThat(node.exitValue()).as("node exit code; output: %s", log).isZero();
            assertThat(log).contains("OK 20000");
        } finally {
            if (node != null) {
                node.destroyForcibly();
            }
            server.closeNow().block(Duration.ofSeconds(10));
        }
    }
}
