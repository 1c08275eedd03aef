package io.reactivenet.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.bench.harness.Harness.Scenario;
import io.reactivenet.bench.harness.Report.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Best of N (highest rate, lowest latency), ratios of the best runs, the native ceiling's verdict
 * on each scenario, and the native generator's JSON lines read as figures.
 */
class VerdictTest {

    private static Scenario scenario(String id) {
        return Harness.SCENARIOS.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static Results run(double nativeMbps, double oursMbps, double rnMbps) {
        Results r = new Results();
        r.add("stream-64k-x16", "native", Map.of("mbps", nativeMbps));
        r.add("stream-64k-x16", "reactive-net", Map.of("mbps", oursMbps * 0.5, "p99us", 90.0));
        r.add("stream-64k-x16", "reactive-net", Map.of("mbps", oursMbps, "p99us", 120.0));
        r.add("stream-64k-x16", "reactor-netty", Map.of("mbps", rnMbps, "p99us", 60.0));
        return r;
    }

    @Test
    void bestIsTheHighestRateAndTheLowestLatency() {
        Results r = run(1000, 400, 500);
        assertThat(r.best("stream-64k-x16", "reactive-net", "mbps")).isEqualTo(400.0);
        assertThat(r.best("stream-64k-x16", "reactive-net", "p99us")).isEqualTo(90.0);
        assertThat(Report.bestRatio(r, "stream-64k-x16", "reactor-netty", "mbps")).isEqualTo(0.8);
        assertThat(Report.bestRatio(r, "stream-64k-x16", "reactor-netty", "p99us")).isEqualTo(1.5);
    }

    @Test
    void aCeilingClearlyAboveEveryJvmServerMeasuresTheServers() {
        assertThat(Report.verdict(run(1000, 400, 500), scenario("stream-64k-x16"))).isEqualTo(Verdict.SERVERS);
    }

    @Test
    void aCeilingCloseToSomeJvmServerMeasuresTheGenerator() {
        // 550 is not 1.15 x 500: the generator (not the servers) is the limit
        assertThat(Report.verdict(run(550, 400, 500), scenario("stream-64k-x16"))).isEqualTo(Verdict.GENERATOR);
    }

    @Test
    void withoutTheCeilingNobodyCanTell() {
        Results r = new Results();
        r.add("stream-64k-x16", "reactive-net", Map.of("mbps", 1.0));
        assertThat(Report.verdict(r, scenario("stream-64k-x16"))).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void theMarkdownSaysWhichScenarioMeasuresTheGenerator(@TempDir Path dir) throws Exception {
        Report.write(run(550, 400, 500), Harness.SCENARIOS, dir);
        assertThat(Files.readString(dir.resolve("results.md")))
                .contains("**stream-64k-x16 measures the load generator, not the servers**")
                .contains("| ours / C echo |");
    }

    @Test
    void nativeJsonLinesAndJavaKeyValueLinesGiveTheSameFigures() {
        Map<String, Double> json = Harness.numbers(
                "{\"type\":\"result\",\"cmd\":\"rr\",\"conns\":4,\"opsPerSec\":1234.5,\"p99us\":7e1,\"errors\":0}");
        assertThat(json).containsEntry("conns", 4.0).containsEntry("opsPerSec", 1234.5).containsEntry("p99us", 70.0)
                .containsEntry("errors", 0.0).doesNotContainKey("cmd");
        assertThat(Harness.numbers("RESULT opsPerSec=1234.5 errors=0")).containsEntry("opsPerSec", 1234.5);
    }
}
