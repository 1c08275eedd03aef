package io.reactivenet.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real {@code redis-server} of the test's own: on a free loopback port, with its working
 * directory in the test's temp dir, no persistence, never the machine's system service (which may
 * be running on 6379 after the package was installed). Always close it: it kills the process.
 */
final class RedisServer implements AutoCloseable {

    private final Path binary;
    private final Path dir;
    private final int port;
    private Proc process;

    private RedisServer(Path binary, Path dir, int port, Proc process) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** {@code redis-server} on the PATH (or in the Debian package's place), if installed. */
    static Optional<Path> binary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "redis-server"))
                .filter(Files::isExecutable).findFirst();
    }

    /** Starts one on a free port (retrying if another process takes the port first). */
    static RedisServer start(Path binary, Path dir) {
        AssertionError last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Proc p = launch(binary, dir, port);
            try {
                ready(p);
                return new RedisServer(binary, dir, port, p);
            } catch (AssertionError e) {
                p.close();
                last = e;
            }
        }
        throw last;
    }

    int port() {
        return port;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** kill -9: Redis is gone at once, every connection reset. */
    void kill() {
        process.close();
    }

    /** Starts Redis again on the same port (empty: nothing was persisted). */
    void restart() {
        AssertionError last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            Proc p = launch(binary, dir, port);
            try {
                ready(p);
                process = p;
                return;
            } catch (AssertionError e) {
                // the port may still be held for a moment by the killed process's socket
                p.close();
                last = e;
            }
        }
        throw last;
    }

    /** SIGSTOP, then SIGCONT: Redis keeps its connections but answers nothing meanwhile. */
    void pause() throws IOException, InterruptedException {
        process.signal("STOP");
    }

    void resume() throws IOException, InterruptedException {
        process.signal("CONT");
    }

    String log() {
        return process.stdout();
    }

    @Override
    public void close() {
        process.close();
    }

    private static Proc launch(Path binary, Path dir, int port) {
        return Proc.command("redis-server", List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "no",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--logfile", ""));
    }

    private static void ready(Proc p) {
        p.lineContaining("Ready to accept connections", Duration.ofSeconds(20));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
