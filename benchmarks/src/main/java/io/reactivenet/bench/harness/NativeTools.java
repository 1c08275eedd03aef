package io.reactivenet.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The harness's C tools, {@code loadgen} and {@code echo} (sources in {@code benchmarks/loadgen/}),
 * compiled with {@code gcc -O2} into one directory when missing or older than their source.
 * {@code run.sh} builds them the same way before the harness starts; the harness and the tests call
 * {@link #build} so a run from a fresh clone needs nothing more than gcc.
 */
final class NativeTools {

    /** Where the tools go when the harness runs from the repository root. */
    static final Path DEFAULT_OUT = Path.of("benchmarks/target/native");
    /** Where their sources are, from the repository root. */
    static final Path DEFAULT_SRC = Path.of("benchmarks/loadgen");
    static final List<String> TOOLS = List.of("loadgen", "echo");

    private NativeTools() {
    }

    /** Whether {@code gcc} can be run here. */
    static boolean gccAvailable() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Compiles every tool of {@code src} into {@code out} that is missing or stale; returns {@code out}. */
    static Path build(Path src, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        for (String tool : TOOLS) {
            Path c = src.resolve(tool + ".c");
            Path bin = out.resolve(tool);
            if (Files.isExecutable(bin) && (!Files.exists(c)
                    || Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(c)) >= 0)) {
                continue; // up to date, or built elsewhere and given as it is
            }
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", bin.toString(), c.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("gcc failed for " + c + ": " + output.trim());
            }
        }
        return out;
    }
}
