package io.reactivenet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.testing.NodeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Errno}'s table against the codes a real Node reports for each errno on this machine. */
class ErrnoTest {

    @Test
    void theTableIsNodesErrorMap() throws IOException, InterruptedException {
        // util.getSystemErrorMap(): libuv's names by negative errno; below -3000 are libuv's own codes.
        String script = "for (const [k, v] of require('util').getSystemErrorMap())"
                + " if (k < 0 && k > -3000) console.log(-k + '=' + v[0])";
        Process node = new ProcessBuilder(NodeProcess.nodeBinary(), "-e", script).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(out).isZero();

        Map<Integer, String> nodes = new TreeMap<>();
        for (String line : out.strip().split("\n")) {
            String[] kv = line.split("=");
            nodes.put(Integer.parseInt(kv[0]), kv[1]);
        }
        Map<Integer, String> ours = new TreeMap<>();
        for (int errno : Errno.numbers()) {
            ours.put(errno, Errno.name(errno));
        }
        assertThat(ours).isEqualTo(nodes);
        assertThat(Errno.number("ECONNREFUSED")).isEqualTo(111);
        assertThat(Errno.name(0)).isNull();
        assertThat(Errno.name(-1)).isNull();
        assertThat(Errno.name(4000)).isNull();
    }
}
