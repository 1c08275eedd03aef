package io.reactivenet.ipc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A child process (node, or a JVM) whose stdout lines are read with a timeout; always close it in finally. */
final class NodeProcess implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private NodeProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process went away
            } finally {
                lines.add(EOF);
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code node <script from src/test/resources/node> args...}. */
    static NodeProcess node(String script, String... args) {
        return start(prefix(List.of("node", script(script)), args));
    }

    static NodeProcess start(List<String> command) {
        try {
            return new NodeProcess(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String script(String name) {
        try {
            return Path.of(NodeProcess.class.getResource("/node/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> prefix(List<String> head, String... args) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(args));
        return all;
    }

    /** The next stdout line; fails after {@code timeout} or if the process ended. */
    String readLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no output from " + process.info().commandLine().orElse("child") + " in " + timeout);
        }
        if (line.equals(EOF)) {
            lines.add(EOF);
            throw new AssertionError("child exited without the expected output");
        }
        return line;
    }

    /** Closes the child's stdin (our scripts then shut down cleanly) and waits for it to exit. */
    int closeStdinAndWait(Duration timeout) throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child did not exit in " + timeout);
        }
        return process.exitValue();
    }

    /** SIGKILL: the child gets no chance to clean up. */
    void kill(Duration timeout) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child did not die in " + timeout);
        }
    }

    long pid() {
        return process.pid();
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
