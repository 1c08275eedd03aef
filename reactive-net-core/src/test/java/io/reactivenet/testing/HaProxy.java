package io.reactivenet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code haproxy} of the test's own, in TCP mode: it writes its config (a free loopback port
 * for the frontend, round-robin over the given servers, each sent a PROXY header) into the test's
 * temp dir and runs {@code haproxy -db} in the foreground as a child process, never the system
 * service. Always close it: it kills the process. {@link #config} is the text docs/deployment.md shows.
 */
public final class HaProxy implements AutoCloseable {

    /** HAProxy's server keyword for the PROXY header it sends. */
    public enum Send {
        V1("send-proxy"), V2("send-proxy-v2");

        final String keyword;

        Send(String keyword) {
            this.keyword = keyword;
        }
    }

    private final Process process;
    private final int port;
    private final Path log;

    private HaProxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** {@code haproxy} on the PATH or in the Debian package's place, if installed. */
    public static Optional<Path> binary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "haproxy"))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * The config: one TCP frontend on {@code 127.0.0.1:port}, round-robin over {@code servers}
     * ({@code host:port}, or an absolute Unix socket path), each sent a PROXY header.
     */
    public static String config(int port, Send send, List<String> servers) {
        StringBuilder sb = new StringBuilder()
                .append("global\n")
                .append("    maxconn 4096\n")
                .append("\n")
                .append("defaults\n")
                .append("    mode tcp\n")
                .append("    timeout connect 5s\n")
                .append("    timeout client 1m\n")
                .append("    timeout server 1m\n")
                .append("\n")
                .append("frontend chat\n")
                .append("    bind 127.0.0.1:").append(port).append('\n')
                .append("    default_backend chat_servers\n")
                .append("\n")
                .append("backend chat_servers\n")
                .append("    balance roundrobin\n");
        for (int i = 0; i < servers.size(); i++) {
            String target = servers.get(i).startsWith("/") ? "unix@" + servers.get(i) : servers.get(i);
            sb.append("    server s").append(i + 1).append(' ').append(target).append(' ').append(send.keyword)
                    .append('\n');
        }
        return sb.toString();
    }

    /** Starts one in front of {@code servers} on a free port (retrying if another process takes the port first). */
    public static HaProxy start(Path binary, Path dir, Send send, List<String> servers) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path cfg = dir.resolve("haproxy-" + port + ".cfg");
            Path log = dir.resolve("haproxy-" + port + ".log");
            try {
                Files.writeString(cfg, config(port, send, servers));
                Process p = new ProcessBuilder(binary.toString(), "-db", "-f", cfg.toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                HaProxy h = new HaProxy(p, port, log);
                if (h.awaitListening(Duration.ofSeconds(10))) {
                    return h;
                }
                h.close();
                last = new IllegalStateException("haproxy did not listen on " + port + ": " + Files.readString(log));
            } catch (IOException e) {
                last = new UncheckedIOException(e);
            }
        }
        throw last;
    }

    /** The frontend's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * Listening once our own bind of its port fails. (Not by connecting: haproxy would open a
     * connection to a backend, which the test's handler would count.)
     */
    private boolean awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(false);
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            } catch (IOException bound) {
                return true;
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS); // a bounded pause, ends early if haproxy exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What haproxy printed, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
