package io.reactivenet.bench.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A child process of the harness that speaks in lines: commands on its stdin, answers on its
 * stdout (read by a daemon thread into a queue so every wait has a deadline), stderr to a log file.
 * {@link #close()} asks it to quit, then kills it.
 */
final class Proc implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    final String name;
    final Process process;
    final Path log;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Proc(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process went away; EOF below tells the waiter
            }
            lines.add(EOF);
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static Proc start(String name, List<String> command, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .directory(new File("."));
        return new Proc(name, pb.start(), log);
    }

    long pid() {
        return process.pid();
    }

    void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    /** The next stdout line that starts with {@code prefix}, skipping others; fails after {@code timeout}. */
    String expect(String prefix, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException(name + ": no '" + prefix + "' line within " + timeout + tail());
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new IOException(name + ": exited before '" + prefix + "'" + tail());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.startsWith("ERROR") || line.startsWith("{\"type\":\"error\"")) {
                throw new IOException(name + ": " + line);
            }
        }
    }

    private String tail() {
        try {
            List<String> all = Files.readAllLines(log);
            return all.isEmpty() ? "" : "; log tail: " + String.join(" | ", all.subList(Math.max(0, all.size() - 5), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** User+system CPU seconds of the process so far, from /proc; -1 where /proc is missing. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in KiB from /proc/pid/status, -1 if unknown. */
    long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    static @Nullable String field(String line, String key) {
        for (String part : line.split("\\s+")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                send("quit");
            }
        } catch (IOException e) {
            // closed already
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
