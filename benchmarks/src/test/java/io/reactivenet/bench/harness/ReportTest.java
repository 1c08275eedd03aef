package io.reactivenet.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Medians, ratios, targets, and the three kinds of output (JSON that parses, markdown, PNGs). */
class ReportTest {

    private static Results sample() {
        Results r = new Results();
        r.machine.put("cores", 2);
        r.settings.put("roundsDone", 3);
        r.loops.put("reactive-net", 1);
        r.loops.put("reactor-netty", 4);
        for (double v : new double[] {300, 100, 200}) {
            r.add("stream-64k-x16", "reactive-net", Map.of("mbps", v, "serverCpu", 0.5));
        }
        for (double v : new double[] {250, 150}) {
            r.add("stream-64k-x16", "reactor-netty", Map.of("mbps", v));
        }
        r.add("stream-64k-x16", "node", Map.of("mbps", 100.0));
        r.add("rr-64-x100", "reactive-net", Map.of("opsPerSec", 1000.0, "p99us", 300.0));
        r.add("rr-64-x100", "reactor-netty", Map.of("opsPerSec", 1000.0, "p99us", 200.0));
        r.add("rr-64-x100", "node", Map.of("opsPerSec", 500.0, "p99us", 100.0));
        r.add("idle-memory", "reactive-net", Map.of("kibPerConn", 4.0));
        r.add("idle-memory", "reactor-netty", Map.of("kibPerConn", 4.0));
        return r;
    }

    @Test
    void mediansMinMaxAndRatios() {
        Results r = sample();
        assertThat(r.median("stream-64k-x16", "reactive-net", "mbps")).isEqualTo(200.0);
        assertThat(r.min("stream-64k-x16", "reactive-net", "mbps")).isEqualTo(100.0);
        assertThat(r.max("stream-64k-x16", "reactive-net", "mbps")).isEqualTo(300.0);
        assertThat(r.median("stream-64k-x16", "reactor-netty", "mbps")).isEqualTo(200.0);
        assertThat(r.median("stream-64k-x16", "reactor-netty-matched", "mbps")).isNaN();
        assertThat(Report.ratio(r, "stream-64k-x16", "node", "mbps")).isEqualTo(2.0);
    }

    @Test
    void targetsAreJudgedInTheRightDirection() {
        Map<String, Boolean> met = new java.util.HashMap<>();
        for (Report.Target t : Report.targetList(sample())) {
            met.put(t.what(), t.met());
        }
        assertThat(met.get("stream-64k-x16 MB/s vs Reactor Netty default")).isTrue();
        assertThat(met.get("rr-64-x100 p99 vs Reactor Netty default")).isFalse();
        assertThat(met.get("rr-64-x100 p99 vs Node")).isFalse();
        assertThat(met.get("rr-64-x100 req/s vs Node")).isTrue();
        assertThat(met.get("idle-memory KiB/conn vs Reactor Netty default")).isTrue();
    }

    @Test
    void writesParsableJsonMarkdownAndCharts(@TempDir Path dir) throws Exception {
        Report.write(sample(), Harness.SCENARIOS, dir);
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("results.json")));
        assertThat(json.get("summary").get("stream-64k-x16").get("reactive-net").get("mbps").get("median").asDouble())
                .isEqualTo(200.0);
        assertThat(json.get("summary").get("stream-64k-x16").get("ratios").get("reactive-net/node").get("mbps").asDouble())
                .isEqualTo(2.0);
        assertThat(json.get("runs").get("stream-64k-x16").get("reactive-net").size()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("results.md"))).contains("| stream echo, 64 KiB writes x 16 conns | MB/s |")
                .contains("2.00×");
        for (String png : new String[] {"throughput-ratios.png", "latency-ratios.png", "efficiency-ratios.png"}) {
            byte[] head = Files.readAllBytes(dir.resolve(png));
            assertThat(head).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
    }
}
