package io.reactivenet.ipc;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ipc.internal.SocketPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how an IPC client connects: a socket file or a Linux abstract name, the transport, and
 * the core's socket options. Immutable: every setter returns a copy.
 *
 * <p>Node counterpart: {@code net.connect({path})}. Of the core {@link ConnectOptions}, those that
 * mean something on a Unix socket apply: {@code timeout}, {@code idleTimeout},
 * {@code allowHalfOpen}, {@code highWaterMark}, {@code loops}, {@code endGrace}; host, port,
 * family, local address, noDelay, keepAlive and blockList are ignored.
 *
 * <pre>{@code
 * NetSocket s = Ipc.connect(IpcConnectOptions.path("/run/app/app.sock").timeout(Duration.ofSeconds(1))).block();
 * }</pre>
 */
public final class IpcConnectOptions {

    private static final ConnectOptions DEFAULT_SOCKET = ConnectOptions.to("localhost", 1);

    private final String name;
    private final IpcTransport transport;
    private final ConnectOptions socket;

    private IpcConnectOptions(String name, IpcTransport transport, ConnectOptions socket) {
        this.name = name;
        this.transport = transport;
        this.socket = socket;
    }

    /** Connect to the socket file {@code path}; a path starting with NUL is a Linux abstract name. */
    public static IpcConnectOptions path(String path) {
        Objects.requireNonNull(path, "path");
        if (path.startsWith("\0")) {
            return abstractName(path.substring(1));
        }
        return new IpcConnectOptions(SocketPaths.checkPath(path, "path"), IpcTransport.AUTO, DEFAULT_SOCKET);
    }

    /** Connect to the socket file {@code path}. */
    public static IpcConnectOptions path(Path path) {
        Objects.requireNonNull(path, "path");
        return path(path.toString());
    }

    /** Connect to a Linux abstract name (needs the epoll transport). */
    public static IpcConnectOptions abstractName(String name) {
        return new IpcConnectOptions("\0" + SocketPaths.checkAbstractName(name), IpcTransport.AUTO, DEFAULT_SOCKET);
    }

    /** The transport; default {@link IpcTransport#AUTO}. */
    public IpcConnectOptions transport(IpcTransport v) {
        return new IpcConnectOptions(name, Objects.requireNonNull(v, "transport"), socket);
    }

    /** The core socket options to use (see the class comment for those that apply). */
    public IpcConnectOptions socket(ConnectOptions v) {
        return new IpcConnectOptions(name, transport, Objects.requireNonNull(v, "socket"));
    }

    /** The connect timeout (zero: none); fails with {@code ConnectTimeoutException}. */
    public IpcConnectOptions timeout(Duration v) {
        return socket(socket.timeout(v));
    }

    /** Node's {@code allowHalfOpen} for this socket. */
    public IpcConnectOptions allowHalfOpen(boolean v) {
        return socket(socket.allowHalfOpen(v));
    }

    /** The path, or {@code "\0name"} for an abstract name. */
    public String name() {
        return name;
    }

    public boolean isAbstract() {
        return name.startsWith("\0");
    }

    public IpcTransport transport() {
        return transport;
    }

    public ConnectOptions socket() {
        return socket;
    }

    @Override
    public String toString() {
        return "IpcConnectOptions{" + SocketPaths.printable(name) + ", transport=" + transport + ", " + socket + '}';
    }
}
