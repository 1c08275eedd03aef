package io.reactivenet.json.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1: a real Node client sends 100,000 NDJSON messages written in slices cut at random
 * byte positions, with malformed lines mixed in; our {@link TutorialProtocol} server answers each
 * one in order (an error reply for each malformed line) and the Node client checks every reply.
 */
class NodeTutorialClientIT {

    static final Duration T = Duration.ofSeconds(10);

    static Path script(String name) throws URISyntaxException {
        return Path.of(NodeTutorialClientIT.class.getResource("/node/" + name).toURI());
    }

    @Test
    void nodeClientGetsAnOrderedReplyForEachOf100000MessagesIncludingMalformedOnes(@TempDir Path tmp) throws Exception {
        ListeningServer server = Net.createServer(TutorialProtocol.server()).listen(0, "127.0.0.1").block(T);
        Process node = null;
        try {
            File out = tmp.resolve("node.out").toFile();
            node = new ProcessBuilder("node", script("tutorial-flood-client.js").toString(),
                    String.valueOf(server.address().port()), "100000", "20261121")
                    .redirectErrorStream(true).redirectOutput(out).start();
            boolean done = node.waitFor(240, TimeUnit.SECONDS);
            String log = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertThat(done).as("node finished; output: %s", log).isTrue();
            assertThat(node.exitValue()).as("node exit code; output: %s", log).isZero();
            assertThat(log).contains("OK 100000");
        } finally {
            if (node != null) {
                node.destroyForcibly();
            }
            server.closeNow().block(T);
        }
    }
}
