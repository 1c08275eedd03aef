package io.reactivenet.testing;

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
 * A real {@code node} process running a script from the test classpath, with its stdout read as
 * lines. Always close it (try-with-resources): it kills the process.
 */
public final class NodeProcess implements AutoCloseable {

    private static final String EOF = "\u0000EOF";
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    private NodeProcess(Process process) {
        this.process = process;
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), true), "node-stdout");
        Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), false), "node-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Fails with a clear message when node is missing (CI installs it: see .ci/run). */
    public static String nodeBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "node");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("node (Node.js v20) is not on the PATH: install it (bash .ci/run does)");
    }

    /** Starts {@code node <script> args...}; the script is a classpath resource such as {@code /node/echo-server.js}. */
    public static NodeProcess start(Class<?> anchor, String resource, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(nodeBinary());
        cmd.add(extract(anchor, resource).toString());
        cmd.addAll(List.of(args));
        return start(cmd);
    }

    /** Runs {@code node <script> args...} for a script under {@code /node/} of the test classpath. */
    public static NodeProcess node(String script, String... args) {
        return start(NodeProcess.class, "/node/" + script, args);
    }

    /** The file of a script under {@code /node/} of the test classpath. */
    public static String script(String name) {
        return extract(NodeProcess.class, "/node/" + name).toString();
    }

    /** Starts any child process (node, a JVM…) whose stdout is read as lines. */
    public static NodeProcess start(List<String> command) {
        try {
            return new NodeProcess(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The path of a classpath resource: the file itself when the test classes are a directory (so a
     * script can require its neighbours), else a temporary copy.
     */
    public static Path extract(Class<?> anchor, String resource) {
        var url = anchor.getResource(resource);
        if (url == null) {
            throw new AssertionError("missing test resource " + resource);
        }
        if (url.getProtocol().equals("file")) {
            try {
                return Path.of(url.toURI());
            } catch (java.net.URISyntaxException e) {
                throw new AssertionError(e);
            }
        }
        try (var in = url.openStream()) {
            Path file = Files.createTempFile("reactive-net-", "-" + Path.of(resource).getFileName());
            Files.write(file, in.readAllBytes());
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump(BufferedReader reader, boolean isOut) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (isOut) {
                    lines.add(line);
                } else {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // the process went away
        } finally {
            if (isOut) {
                lines.add(EOF);
            }
        }
    }

    /** The next stdout line, or an AssertionError (with node's stderr) after {@code timeout}. */
    public String nextLine(Duration timeout) {
        try {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("no line from node within " + timeout + "; stderr:\n" + stderr());
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new AssertionError("node exited (" + exitCode() + ") without the expected line; stderr:\n" + stderr());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Reads lines until one starts with {@code prefix}; returns it. */
    public String lineStartingWith(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = nextLine(Duration.ofNanos(Math.max(1, left)));
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    public void writeLine(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("node did not exit within " + timeout + "; stderr:\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Closes the child's stdin (our scripts then shut down cleanly) and waits for it to exit. */
    public int closeStdinAndWait(Duration timeout) {
        closeStdin();
        return waitFor(timeout);
    }

    /** SIGKILL: the child gets no chance to clean up. */
    public void kill(Duration timeout) {
        process.destroyForcibly();
        waitFor(timeout);
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    private String exitCode() {
        return process.isAlive() ? "running" : String.valueOf(process.exitValue());
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
