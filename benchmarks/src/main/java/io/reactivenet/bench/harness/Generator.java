package io.reactivenet.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The load generator process of a harness run, native ({@code benchmarks/loadgen/loadgen.c}, the
 * default: one JSON line per command) or Java ({@link LoadGen}, {@code RESULT k=v ...} lines, kept
 * for machines without a C compiler). Both take the same commands on stdin.
 */
final class Generator implements AutoCloseable {

    final Proc proc;
    final boolean nativeGen;

    private Generator(Proc proc, boolean nativeGen) {
        this.proc = proc;
        this.nativeGen = nativeGen;
    }

    static Generator start(boolean nativeGen, Path nativeDir, String java, String jar, List<String> pin, Path logs)
            throws IOException {
        List<String> cmd = nativeGen
                ? List.of(nativeDir.resolve("loadgen").toString())
                : List.of(java, "-Xms256m", "-Xmx512m", "-cp", jar, LoadGen.class.getName());
        return new Generator(Proc.start("loadgen", Harness.concat(pin, cmd), logs), nativeGen);
    }

    void send(String command) throws IOException {
        proc.send(command);
    }

    /** The figures of the next result line; fails after {@code timeout} or on an error line. */
    Map<String, Double> result(Duration timeout) throws IOException, InterruptedException {
        return Harness.numbers(proc.expect(nativeGen ? "{\"type\":\"result\"" : "RESULT", timeout));
    }

    /** Waits for the idle command's "connections held" line; returns how many are held. */
    double held(Duration timeout) throws IOException, InterruptedException {
        String line = proc.expect(nativeGen ? "{\"type\":\"idle-held\"" : "IDLE-HELD", timeout);
        return Harness.numbers(line).getOrDefault("n", 0.0);
    }

    @Override
    public void close() {
        proc.close();
    }
}
