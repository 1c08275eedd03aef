package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.testing.NodeProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real process (the samples jar, node, nc) with its stdout read as lines and its stderr kept.
 * Always close it (try-with-resources): it kills the process if it is still running.
 */
final class Proc implements AutoCloseable {

    static final Path JAR = Path.of("target/reactive-net-samples.jar");
    private static final String EOF = "\u0000EOF";

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final java.util.concurrent.CountDownLatch outputDone = new java.util.concurrent.CountDownLatch(2);

    private Proc(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread out = new Thread(() -> pump(process.getInputStream(), true), name + "-stdout");
        Thread err = new Thread(() -> pump(process.getErrorStream(), false), name + "-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** {@code java -jar target/reactive-net-samples.jar args...}, as a user runs it. */
    static Proc jar(String... args) {
        assertThat(JAR).as("the shaded jar (mvn package builds it before failsafe runs)").exists();
        List<String> cmd = new ArrayList<>(defaultSignals());
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return start(args.length > 0 ? args[0] : "jar", cmd);
    }

    /**
     * {@code java -jar target/reactive-net-samples.jar args...} exactly as the README and
     * docs/samples.md launch it: no JVM flags, the JVM's defaults for this machine.
     */
    static Proc documented(String... args) {
        assertThat(JAR).as("the shaded jar (mvn package builds it before failsafe runs)").exists();
        List<String> cmd = new ArrayList<>(defaultSignals());
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return start(args.length > 0 ? args[0] : "jar", cmd);
    }

    /**
     * A prefix that gives the sample SIGINT and SIGTERM's default handling when this JVM inherited
     * them ignored: a script that starts the build in the background ({@code cmd &}, {@code nohup})
     * leaves SIGINT ignored, every child inherits that, and a JVM keeps an inherited SIG_IGN for
     * its shutdown signals, so the sample's Ctrl-C handling could not be tested. A user's terminal
     * delivers them with their default handling; {@code env --default-signal} restores it.
     */
    private static List<String> defaultSignals() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                    long intOrTerm = (1L << (2 - 1)) | (1L << (15 - 1)); // bit n-1 is signal n
                    return (ignored & intOrTerm) == 0 ? List.of() : List.of("env", "--default-signal=INT,TERM");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: nothing to restore
        }
        return List.of();
    }

    /** {@code node <script from the test classpath> args...}. */
    static Proc node(String resource, String... args) {
        List<String> cmd = new ArrayList<>(List.of(NodeProcess.nodeBinary(),
                NodeProcess.extract(Proc.class, resource).toString()));
        cmd.addAll(List.of(args));
        return start("node", cmd);
    }

    /** {@code nc args...} (netcat-openbsd; .ci/run installs it). */
    static Proc nc(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ncBinary()));
        cmd.addAll(List.of(args));
        return start("nc", cmd);
    }

    static String ncBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "nc");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("nc (netcat-openbsd) is not on the PATH: install it (bash .ci/run does)");
    }

    /** Any command, e.g. {@code redis-server}: its stdout read as lines, its stderr kept. */
    static Proc command(String name, List<String> cmd) {
        return start(name, cmd);
    }

    private static Proc start(String name, List<String> cmd) {
        try {
            return new Proc(name, new ProcessBuilder(cmd).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump(java.io.InputStream in, boolean isOut) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                (isOut ? stdout : stderr).append(line).append('\n');
                if (isOut) {
                    lines.add(line);
                }
            }
        } catch (IOException ignored) {
            // the process went away
        } finally {
            if (isOut) {
                lines.add(EOF);
            }
            outputDone.countDown();
        }
    }

    /** The next stdout line; fails after {@code timeout} or at end of output. */
    String nextLine(Duration timeout) {
        try {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError(name + ": no line within " + timeout + "; stdout so far:\n" + stdout
                        + "stderr:\n" + stderr);
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new AssertionError(name + ": output ended; stdout:\n" + stdout + "stderr:\n" + stderr);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Skips lines until one starts with {@code prefix}. */
    String lineStartingWith(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** A server's {@code listening on ...} line: it must be the first line of stdout. */
    String listening() {
        return listening(Duration.ofSeconds(20));
    }

    /** The same, for a server that may take longer to start (e.g. it connects to Redis first). */
    String listening(Duration timeout) {
        String line = nextLine(timeout);
        assertThat(line).startsWith("listening on ");
        return line.substring("listening on ".length());
    }

    /** The port of a TCP server's {@code listening on host:port} line. */
    int port() {
        String where = listening();
        return Integer.parseInt(where.substring(where.lastIndexOf(':') + 1));
    }

    /** Skips lines until one contains {@code text}. */
    String lineContaining(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line.contains(text)) {
                return line;
            }
        }
    }

    /** The process id (for /proc/<pid> and jcmd). */
    long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    boolean alive() {
        return process.isAlive();
    }

    void write(String text) {
        try {
            OutputStream in = process.getOutputStream();
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** SIGTERM (Process.destroy on Unix). */
    void terminate() {
        process.destroy();
    }

    /** SIGINT. */
    void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
    }

    /** {@code kill -<name>}, e.g. STOP and CONT. */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    }

    /** The exit status; fails if the process is still running after {@code timeout}. */
    int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still running after " + timeout + "; stdout:\n" + stdout
                        + "stderr:\n" + stderr);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Everything printed to stdout so far. */
    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    /** Waits for the process to end and for its stdout and stderr to be read completely. */
    String allStdout(Duration timeout) {
        waitFor(timeout);
        try {
            outputDone.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stdout.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
