package io.reactivenet.bench;

import io.reactivenet.text.Text;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;

/**
 * {@code Text.utf8()} (streaming, Node's replacement rules) against the JDK's {@code new String(bytes,
 * UTF_8)} per chunk (fast but wrong for characters split across chunks), and {@code Text.lines}
 * against splitting the same bytes per chunk with {@code String.split}: {@value #TOTAL} bytes of
 * ASCII or mixed text in 8 KiB chunks. One operation decodes everything.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class TextBenchmark {

    static final int TOTAL = 1 << 20;

    @Param({"ascii", "mixed"})
    public String text;

    private byte[][] chunks;

    @Setup(Level.Trial)
    public void setUp() {
        String unit = text.equals("ascii") ? "the quick brown fox jumps over the lazy dog 0123456789\n"
                : "na\u00efve caf\u00e9 \u20ac5 \u4e2d\u6587 \ud83d\ude00 fa\u00e7ade\n";
        StringBuilder sb = new StringBuilder();
        while (sb.length() < TOTAL / 2) {
            sb.append(unit);
        }
        byte[] all = Arrays.copyOf(sb.toString().getBytes(StandardCharsets.UTF_8), TOTAL);
        all[TOTAL - 1] = '\n';
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < all.length; at += 8192) {
            out.add(Arrays.copyOfRange(all, at, Math.min(all.length, at + 8192)));
        }
        chunks = out.toArray(new byte[0][]);
    }

    private ByteBuffer[] buffers() {
        ByteBuffer[] b = new ByteBuffer[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            b[i] = ByteBuffer.wrap(chunks[i]);
        }
        return b;
    }

    @Benchmark
    public void utf8Ours(Blackhole bh) {
        Flux.fromArray(buffers()).transform(Text.utf8()).subscribe(bh::consume);
    }

    @Benchmark
    public void utf8JdkPerChunk(Blackhole bh) {
        for (byte[] c : chunks) {
            bh.consume(new String(c, StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    public void linesOurs(Blackhole bh) {
        Flux.fromArray(buffers()).transform(Text.lines(1 << 16)).subscribe(bh::consume);
    }

    @Benchmark
    public void linesJdkSplitPerChunk(Blackhole bh) {
        for (byte[] c : chunks) {
            for (String line : new String(c, StandardCharsets.UTF_8).split("\n")) {
                bh.consume(line);
            }
        }
    }
}
