package io.reactivenet.ipc;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.ipc.internal.IpcEndpoints;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * An IPC server that is configured but not yet bound: Node's {@code net.createServer()} before
 * {@code listen(path)}. Immutable and reusable: each {@code listen} binds a new server.
 *
 * <p>The handler model is the core's ({@link io.reactivenet.NetServer}): called once per accepted
 * socket; when its publisher completes the socket is ended gracefully, on error destroyed. The
 * result of {@code listen} is the core's {@link ListeningServer}, whose {@code path()} is the socket
 * path (or {@code "\0name"}) and whose {@code address()} is null.
 *
 * <p>Socket file lifecycle: a live server on the path fails the listen with {@code EADDRINUSE}; a
 * stale file is removed with {@link IpcListenOptions#removeStale(boolean)} or reported as stale in
 * the {@code EADDRINUSE} message; the file is removed when the server closes ({@code close()} or
 * {@code closeNow()}), but not if the process dies (that is the stale file). Nothing happens until
 * the returned {@code Mono} is subscribed; cancelling it before it emits unbinds.
 */
public final class IpcServer {

    private final ServerOptions options;
    private final Function<? super NetSocket, ? extends Publisher<Void>> handler;

    IpcServer(ServerOptions options, Function<? super NetSocket, ? extends Publisher<Void>> handler) {
        this.options = Objects.requireNonNull(options, "options");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** The server options (maxConnections, allowHalfOpen, highWaterMark, idleTimeout, loops...; TCP-only ones are ignored). */
    public ServerOptions options() {
        return options;
    }

    /** A copy of this server with another handler. */
    public IpcServer handle(Function<? super NetSocket, ? extends Publisher<Void>> handler) {
        return new IpcServer(options, handler);
    }

    /**
     * Binds as described; emits once listening (Node's {@code 'listening'}) or fails with
     * {@code EADDRINUSE} (live server, stale file, or a file in the way), {@code EACCES},
     * {@code ENOENT} (missing directory). Throws {@code NetArgumentException} for an abstract name
     * with the NIO transport.
     */
    public Mono<ListeningServer> listen(IpcListenOptions options) {
        return IpcEndpoints.listen(this.options, handler, options);
    }

    /** Listens on the socket file {@code path}. */
    public Mono<ListeningServer> listen(Path path) {
        return listen(IpcListenOptions.path(path));
    }

    /** Listens on the socket file {@code path} (or, starting with NUL, a Linux abstract name), as Node's {@code server.listen(path)}. */
    public Mono<ListeningServer> listen(String path) {
        return listen(IpcListenOptions.path(path));
    }
}
