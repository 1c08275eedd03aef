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
 * {@link #build} so a run from a fresh clone needs nothing more than gcc. {@code loadgen} links
 * OpenSSL ({@code libssl-dev}) for its {@code tls:} targets; where the headers are missing it is built
 * without TLS ({@code -DLOADGEN_NO_TLS}) and {@link #NO_TLS_MARKER} says so beside it.
 */
final class NativeTools {

    /** Where the tools go when the harness runs from the repository root. */
    static final Path DEFAULT_OUT = Path.of("benchmarks/target/native");
    /** Where their sources are, from the repository root. */
    static final Path DEFAULT_SRC = Path.of("benchmarks/loadgen");
    static final List<String> TOOLS = List.of("loadgen", "echo");
    /** Written next to a {@code loadgen} built without OpenSSL (its {@code tls:} targets fail). */
    static final String NO_TLS_MARKER = "loadgen.no-tls";

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
            Files.deleteIfExists(out.resolve(NO_TLS_MARKER));
            if (tool.equals("loadgen")) {
                List<String> tls = new ArrayList<>(cmd);
                tls.addAll(List.of("-lssl", "-lcrypto"));
                if (gcc(tls, c) == null) {
                    continue;
                }
                cmd.add(1, "-DLOADGEN_NO_TLS"); // no OpenSSL headers here: no tls: targets
                Files.writeString(out.resolve(NO_TLS_MARKER), "built without OpenSSL (install libssl-dev)\n");
            }
            String failure = gcc(cmd, c);
            if (failure != null) {
                throw new IOException(failure);
            }
        }
        return out;
    }

    /** Whether the {@code loadgen} in {@code out} speaks TLS (it was built with OpenSSL). */
    static boolean loadgenHasTls(Path out) {
        return !Files.exists(out.resolve(NO_TLS_MARKER));
    }

    /** Runs one gcc command: null when it succeeded, else what went wrong. */
    private static @org.jspecify.annotations.Nullable String gcc(List<String> cmd, Path c)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            return "gcc failed for " + c + ": " + output.trim();
        }
        return null;
    }
}
