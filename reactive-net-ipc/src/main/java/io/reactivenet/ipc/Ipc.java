package io.reactivenet.ipc;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.ipc.internal.IpcEndpoints;
import io.reactivenet.ipc.internal.SocketPaths;
import io.reactivenet.ipc.internal.Transports;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The entry point for Unix domain sockets: Node's {@code net.createServer().listen(path)} and
 * {@code net.connect({path})}, on Linux and macOS. Windows named pipes are not supported.
 *
 * <p>Servers and sockets are the core's {@link ListeningServer} and {@link NetSocket}: the same
 * inbound backpressure (no demand, no reading), byte-bounded {@code send}, half-close, timeouts and
 * framing operators as over TCP. Thread-safe; nothing happens until a returned {@code Mono} is
 * subscribed.
 *
 * <pre>{@code
 * ListeningServer server = Ipc.createServer(s -> s.send(s.inbound()))
 *         .listen(IpcListenOptions.path(dir.resolve("echo.sock")).removeStale(true))
 *         .block();
 * NetSocket client = Ipc.connect(server.path()).block();
 * }</pre>
 */
public final class Ipc {

    private Ipc() {
    }

    /** The longest socket path this platform's kernel accepts, in bytes of UTF-8 (107 on Linux, 103 on macOS). */
    public static int maxPathBytes() {
        return SocketPaths.maxBytes();
    }

    /**
     * The longest socket path {@code transport} accepts: the kernel's limit on epoll, one byte less
     * on NIO (the JDK's own check); AUTO as it resolves for a path (NIO).
     */
    public static int maxPathBytes(Transport transport) {
        java.util.Objects.requireNonNull(transport, "transport");
        return Transports.resolve(transport, false) == Transport.NIO ? SocketPaths.maxBytesNio() : SocketPaths.maxBytes();
    }

    /** An IPC server with default options. */
    public static IpcServer createServer(Function<? super NetSocket, ? extends Publisher<Void>> handler) {
        return new IpcServer(ServerOptions.defaults(), handler);
    }

    /** An IPC server; of the {@link ServerOptions}, the TCP-only ones (noDelay, keepAlive, blockList) are ignored. */
    public static IpcServer createServer(ServerOptions options,
            Function<? super NetSocket, ? extends Publisher<Void>> handler) {
        return new IpcServer(options, handler);
    }

    /**
     * Connects to the socket file {@code path} (or, starting with NUL, a Linux abstract name).
     * Fails with {@code ENOENT} when there is no such file, {@code ECONNREFUSED} when nobody
     * accepts on it (a stale file), {@code EACCES} without write permission on it.
     */
    public static Mono<NetSocket> connect(String path) {
        return connect(IpcConnectOptions.path(path));
    }

    /** Connects to the socket file {@code path}. */
    public static Mono<NetSocket> connect(Path path) {
        return connect(IpcConnectOptions.path(path));
    }

    /** Connects as described. */
    public static Mono<NetSocket> connect(IpcConnectOptions options) {
        return IpcEndpoints.connect(options);
    }

    /**
     * The credentials of the process at the other end of a Unix domain socket (server or client
     * side), as the kernel recorded them at connect. On epoll: pid, uid and gid; on NIO: user and
     * group names only. Empty for a TCP socket or a closed one.
     */
    public static Optional<PeerCredentials> peerCredentials(NetSocket socket) {
        return IpcEndpoints.peerCredentials(socket);
    }
}
