package io.reactivenet.ipc;

import io.reactivenet.SocketOptions;
import io.reactivenet.Transport;
import io.reactivenet.internal.Checks;
import io.reactivenet.ipc.internal.SocketPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how an IPC client connects: a socket file or a Linux abstract name, the transport, the
 * connect timeout and the core's {@link SocketOptions}. Immutable: every setter checks its argument
 * and returns a changed copy.
 *
 * <p>Node counterpart: {@code net.connect({path})}. Of the {@link SocketOptions}, those that mean
 * something on a Unix socket apply: {@code idleTimeout}, {@code allowHalfOpen}, {@code highWaterMark},
 * {@code loops}, {@code endGrace}; noDelay, keepAlive and blockList are ignored.
 *
 * <pre>{@code
 * NetSocket s = Ipc.connect(IpcConnectOptions.path("/run/app/app.sock").timeout(Duration.ofSeconds(1))).block();
 * }</pre>
 */
public final class IpcConnectOptions {

    /** The path, or {@code "\0name"} for an abstract name. */
    private final String name;
    // Written only between the copy constructor and the setter's return, before the copy escapes.
    private Transport transport = Transport.AUTO;
    private Duration timeout = Duration.ZERO;
    private SocketOptions socket = SocketOptions.defaults();

    private IpcConnectOptions(String name) {
        this.name = name;
    }

    private IpcConnectOptions(IpcConnectOptions from) {
        this.name = from.name;
        this.transport = from.transport;
        this.timeout = from.timeout;
        this.socket = from.socket;
    }

    /** Connect to the socket file {@code path}; a path starting with NUL is a Linux abstract name. */
    public static IpcConnectOptions path(String path) {
        Objects.requireNonNull(path, "path");
        if (path.startsWith("\0")) {
            return abstractName(path.substring(1));
        }
        return new IpcConnectOptions(SocketPaths.checkPath(path, "path"));
    }

    /** Connect to the socket file {@code path}. */
    public static IpcConnectOptions path(Path path) {
        Objects.requireNonNull(path, "path");
        return path(path.toString());
    }

    /** Connect to a Linux abstract name (needs the epoll transport). */
    public static IpcConnectOptions abstractName(String name) {
        return new IpcConnectOptions("\0" + SocketPaths.checkAbstractName(name));
    }

    /**
     * The transport; default {@link Transport#AUTO}: NIO for a path, EPOLL for an abstract name. NIO with an
     * abstract name throws {@code ERR_INVALID_ARG_VALUE} at connect; IO_URING fails it with
     * {@code ERR_FEATURE_UNAVAILABLE_ON_PLATFORM} (Netty's io_uring Unix sockets cannot half-close).
     */
    public IpcConnectOptions transport(Transport v) {
        Objects.requireNonNull(v, "transport");
        IpcConnectOptions copy = new IpcConnectOptions(this);
        copy.transport = v;
        return copy;
    }

    /** The connect timeout (zero: none); fails with {@code ConnectTimeoutException}. */
    public IpcConnectOptions timeout(Duration v) {
        Checks.nonNegative("timeout", v);
        IpcConnectOptions copy = new IpcConnectOptions(this);
        copy.timeout = v;
        return copy;
    }

    /** The core socket options to use (see the class comment for those that apply). */
    public IpcConnectOptions socket(SocketOptions v) {
        Objects.requireNonNull(v, "socket");
        IpcConnectOptions copy = new IpcConnectOptions(this);
        copy.socket = v;
        return copy;
    }

    /** {@link SocketOptions#allowHalfOpen(boolean)} for this socket. */
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

    public Transport transport() {
        return transport;
    }

    public Duration timeout() {
        return timeout;
    }

    public SocketOptions socket() {
        return socket;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof IpcConnectOptions x && name.equals(x.name) && transport == x.transport
                && timeout.equals(x.timeout) && socket.equals(x.socket);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, transport, timeout, socket);
    }

    @Override
    public String toString() {
        return "IpcConnectOptions{" + SocketPaths.printable(name) + ", transport=" + transport + ", timeout=" + timeout
                + ", " + socket + '}';
    }
}
