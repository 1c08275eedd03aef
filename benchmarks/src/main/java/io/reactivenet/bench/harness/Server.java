package io.reactivenet.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One server process of the harness and the ports its {@code READY} line announced.
 *
 * <p>Kinds: {@code native} (the C echo ceiling, {@code benchmarks/loadgen/echo.c}), {@code node}
 * ({@code benchmarks/node/echo.js}), and the JVM kinds of {@link EchoServers}. Each process is
 * started under {@code pin} (e.g. {@code taskset -c 0}); {@link Proc#close()} ends it.
 */
final class Server {

    /**
     * How to start servers: the same for every kind in one run. {@code tls} is the TLS echo's
     * material, or null for a run without TLS scenarios.
     */
    record Launch(String java, String jar, String nodeScript, Path nativeDir, List<String> pin, Path logs,
            String transport, @Nullable TlsCert tls) {
    }

    final String kind;
    final Proc proc;
    final int streamPort;
    final int linesPort;
    final int loops;
    final String udsPath;
    final String transport;
    /** The TLS stream echo's port, -1 when the kind has none (or the run has no TLS). */
    final int tlsPort;

    private Server(String kind, Proc proc, String ready) {
        this.kind = kind;
        this.proc = proc;
        this.streamPort = Integer.parseInt(Objects.requireNonNull(Proc.field(ready, "stream")));
        this.linesPort = Integer.parseInt(Objects.requireNonNull(Proc.field(ready, "lines")));
        this.loops = Integer.parseInt(Objects.requireNonNull(Proc.field(ready, "loops")));
        String uds = Proc.field(ready, "uds");
        this.udsPath = uds == null ? "-" : uds;
        String t = Proc.field(ready, "transport");
        this.transport = t == null ? (kind.equals("node") ? "libuv" : "?") : t;
        String tls = Proc.field(ready, "tls");
        this.tlsPort = tls == null ? -1 : Integer.parseInt(tls);
    }

    /** Whether the kind runs in a JVM (and so wants warming up and may be compared with ours). */
    static boolean jvm(String kind) {
        return !kind.equals("native") && !kind.equals("node");
    }

    static Server start(String kind, Launch l, List<String> profiling) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(l.pin());
        switch (kind) {
            case "node" -> {
                cmd.addAll(List.of("node", "--expose-gc", l.nodeScript()));
                if (l.tls() != null) {
                    cmd.addAll(l.tls().args());
                }
            }
            case "native" -> cmd.add(l.nativeDir().resolve("echo").toString());
            default -> {
                cmd.add(l.java());
                cmd.addAll(Harness.jvmOptions());
                cmd.addAll(profiling);
                cmd.addAll(List.of("-cp", l.jar(), EchoServers.class.getName(), kind));
                if (kind.equals(Report.OURS)) {
                    cmd.addAll(List.of("--transport", l.transport()));
                }
                if (l.tls() != null) {
                    cmd.addAll(l.tls().args());
                    cmd.addAll(List.of("--tls-provider", l.tls().provider()));
                }
            }
        }
        Proc p = Proc.start(kind, cmd, l.logs());
        try {
            // generous: on a loaded shared machine a JVM server has taken more than 30 s to start
            return new Server(kind, p, p.expect("READY", Duration.ofSeconds(90)));
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }
}
