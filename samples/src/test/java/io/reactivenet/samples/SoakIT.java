package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak's CI variant: the same program and the same bounds as {@code benchmarks/soak.sh}, with
 * 2,000 idle connections and a 20-second load instead of 10,000 and 10 minutes (about 40 s in all on
 * a quiet 2-core machine, about 60 s on one shared by 20 runnable processes).
 * The soak runs as its own process, as the script runs it, so that its 2,000 client sockets and its
 * JMX connection to the server are not this test JVM's (whose descriptors and threads the resource
 * guards check). Passing needs the server's descriptors and threads back to the baseline exactly and
 * its RSS and live heap within 10 % after the clients leave (bounded wait: 15 s), no growth beyond
 * the documented limits under load, every echo right, and exit 0 on SIGTERM; the test then checks
 * that the load really ran (so that it cannot pass on an empty run) and that the CSV and PNG are whole.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class SoakIT {

    private static final int IDLE = 2_000;

    @TempDir
    Path out;

    @Test
    void echoServerHoldsTwoThousandIdleConnectionsWithChurnAndGivesEverythingBack() throws Exception {
        assertThat(Proc.JAR).as("the shaded jar (mvn package builds it before failsafe runs)").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.awt.headless=true", "-cp", Proc.JAR.toString(),
                "io.reactivenet.samples.soak.Soak", "--jar", Proc.JAR.toString(), "--out", out.toString(),
                "--idle", Integer.toString(IDLE), "--duration", "20s", "--warmup", "6s", "--settle", "3s",
                "--load-warmup", "6s", "--recovery", "15s", "--churn", "50", "--rr", "500", "--rr-connections", "8"));
        Process soak = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(out.resolve("soak.log").toFile()).start();
        try {
            assertThat(soak.waitFor(120, TimeUnit.SECONDS)).as("the soak ends by itself (bounded phases)").isTrue();
            assertThat(soak.exitValue()).as("soak exit status; its output:\n" + read("soak.log")
                    + "\nserver output:\n" + read("server.log")).isZero();
        } finally {
            soak.destroyForcibly();
            soak.waitFor(10, TimeUnit.SECONDS);
        }

        List<String> rows = Files.readAllLines(out.resolve("soak.csv"), StandardCharsets.UTF_8);
        assertThat(rows.get(0)).startsWith("t_s,phase,rss_mib,heap_used_mib,heap_after_gc_mib,live_heap_mib,fds,threads,"
                + "gc_jit_threads,idle_conns,churn_ops,rr_ops,errors,full_gc_ms");
        List<String[]> samples = rows.subList(1, rows.size()).stream().map(r -> r.split(",")).toList();
        assertThat(samples.stream().map(s -> s[1]).distinct())
                .as("phases").contains("warmup", "settle", "load", "recovery");
        assertThat(samples.stream().filter(s -> s[1].equals("load")).mapToInt(s -> Integer.parseInt(s[9])).max())
                .as("idle connections held during the load").hasValue(IDLE);
        assertThat(samples.stream().filter(s -> s[1].equals("load")).mapToInt(s -> Integer.parseInt(s[6])).min()
                .orElse(0)).as("server descriptors during the load: the idle connections are the server's too")
                .isGreaterThan(IDLE);
        String[] last = samples.get(samples.size() - 1);
        assertThat(Long.parseLong(last[10])).as("churn cycles").isGreaterThan(100);
        assertThat(Long.parseLong(last[11])).as("requests answered").isGreaterThan(1_000);
        assertThat(Long.parseLong(last[12])).as("client errors").isZero();
        assertThat(read("soak-summary.txt")).startsWith("soak PASSED").doesNotContain("BOUND BROKEN");
        byte[] png = Files.readAllBytes(out.resolve("soak.png"));
        assertThat(Arrays.copyOf(png, 8)).as("soak.png signature")
                .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        assertThat(png.length).as("soak.png size (three panels of curves)").isGreaterThan(20_000);
    }

    private String read(String file) throws IOException {
        Path p = out.resolve(file);
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no " + file + ")";
    }
}
