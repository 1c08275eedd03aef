package io.reactivenet.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JVM options that profile a server kind: {@code --jfr kind=file.jfr} (the JDK's Flight Recorder,
 * profile settings) and {@code --profile kind=file.html} (async-profiler's agent, CPU samples of Java,
 * JIT-compiled and kernel frames, written at exit as a flame graph; {@code .collapsed} gives folded
 * stacks, {@code .jfr} a JFR file). Either option may name several kinds, comma-separated
 * ({@code --profile reactive-net=a.html,reactor-netty=b.html}). {@code --profile-event} picks what is
 * sampled: {@code cpu} (the default), {@code alloc} (allocations: what a path allocates, whatever the
 * machine's load), {@code wall} or {@code lock}.
 *
 * <p>The agent comes from the {@code tools.profiler:async-profiler} jar on the class path (a
 * dependency of this module; the library ships its Linux x86_64 and arm64 builds): it is copied to
 * {@code benchmarks/target/async-profiler/} once. The event is {@code cpu} (perf events) where the kernel
 * allows it; async-profiler falls back to a timer by itself where it does not.
 */
final class Profiling {

    private Profiling() {
    }

    /** Per server kind, the JVM options {@code --jfr} and {@code --profile} ask for. */
    static Map<String, List<String>> jvmOptions(Map<String, String> opt, Path workDir) throws IOException {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : pairs(opt.get("jfr")).entrySet()) {
            byKind.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(
                    "-XX:StartFlightRecording=filename=" + e.getValue() + ",settings=profile,dumponexit=true");
        }
        Map<String, String> profile = pairs(opt.get("profile"));
        if (!profile.isEmpty()) {
            Path agent = agent(workDir);
            String event = opt.getOrDefault("profile-event", "cpu");
            if (!event.matches("cpu|alloc|wall|lock")) {
                throw new IllegalArgumentException("--profile-event must be cpu|alloc|wall|lock: " + event);
            }
            String sampling = event.equals("alloc") ? "alloc=512k" : event.equals("cpu") ? "event=cpu,interval=1ms"
                    : "event=" + event;
            for (Map.Entry<String, String> e : profile.entrySet()) {
                Path file = Path.of(e.getValue()).toAbsolutePath();
                Files.createDirectories(file.getParent()); // the agent does not make it
                byKind.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(
                        "-agentpath:" + agent + "=start," + sampling + ",file=" + file);
            }
        }
        return byKind;
    }

    /** {@code a=x,b=y} as a map; an entry without '=' is a usage error naming it. */
    static Map<String, String> pairs(@Nullable String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return m;
        }
        for (String item : spec.split(",")) {
            String[] kv = item.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("expected kind=file, got: " + item);
            }
            m.put(kv[0], kv[1]);
        }
        return m;
    }

    /** async-profiler's agent for this machine, copied out of its jar into {@code workDir}. */
    static Path agent(Path workDir) throws IOException {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "linux-x64";
            case "aarch64" -> "linux-arm64";
            default -> throw new IllegalStateException("no async-profiler build for " + System.getProperty("os.arch"));
        };
        if (!System.getProperty("os.name").startsWith("Linux")) {
            throw new IllegalStateException("--profile runs on Linux only (async-profiler's agent)");
        }
        String resource = arch + "/libasyncProfiler.so";
        Path target = workDir.resolve("async-profiler").resolve(resource);
        try (InputStream in = Profiling.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("async-profiler's " + resource + " is not on the class path");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target.toAbsolutePath();
    }
}
