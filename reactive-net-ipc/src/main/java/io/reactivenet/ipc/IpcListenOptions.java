package io.reactivenet.ipc;

import io.reactivenet.ListenOptions;
import io.reactivenet.Transport;
import io.reactivenet.internal.Checks;
import io.reactivenet.ipc.internal.SocketPaths;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where and how an IPC server listens: a socket file or a Linux abstract name, with the file's
 * mode, stale-file handling, backlog and transport. Immutable: every setter checks its argument and
 * returns a changed copy.
 *
 * <p>Node counterpart: the {@code path}, {@code readableAll}, {@code writableAll} and
 * {@code backlog} options of {@code server.listen(options)}. Added here: {@link #mode(Set)},
 * {@link #removeStale(boolean)} and {@link #transport(Transport)}.
 *
 * <p>Paths are checked when set: a path longer than the platform's limit (107 bytes of UTF-8 on
 * Linux, 103 on macOS) fails at once with a message naming the limit and the length.
 *
 * <pre>{@code
 * IpcListenOptions o = IpcListenOptions.path("/run/app/app.sock").removeStale(true).writableAll(true);
 * }</pre>
 */
public final class IpcListenOptions {

    /** Node's default backlog. */
    public static final int DEFAULT_BACKLOG = ListenOptions.DEFAULT_BACKLOG;

    /** The path, or {@code "\0name"} for an abstract name. */
    private final String name;
    // Written only between the copy constructor and the setter's return, before the copy escapes.
    private boolean readableAll;
    private boolean writableAll;
    private @Nullable Set<PosixFilePermission> mode;
    private boolean removeStale;
    private int backlog = DEFAULT_BACKLOG;
    private Transport transport = Transport.AUTO;

    private IpcListenOptions(String name) {
        this.name = name;
    }

    private IpcListenOptions(IpcListenOptions from) {
        this.name = from.name;
        this.readableAll = from.readableAll;
        this.writableAll = from.writableAll;
        this.mode = from.mode;
        this.removeStale = from.removeStale;
        this.backlog = from.backlog;
        this.transport = from.transport;
    }

    /**
     * Listen on the socket file {@code path} (relative paths are relative to the working directory).
     * A path starting with NUL is a Linux abstract name, as in Node.
     */
    public static IpcListenOptions path(String path) {
        Objects.requireNonNull(path, "path");
        if (path.startsWith("\0")) {
            return abstractName(path.substring(1));
        }
        return new IpcListenOptions(SocketPaths.checkPath(path, "path"));
    }

    /** Listen on the socket file {@code path}. */
    public static IpcListenOptions path(Path path) {
        Objects.requireNonNull(path, "path");
        return path(path.toString());
    }

    /**
     * Listen on a Linux abstract name ({@code "\0" + name} in the kernel): no file is created, so
     * there is nothing to clean up and file modes do not apply. Needs the epoll transport.
     */
    public static IpcListenOptions abstractName(String name) {
        return new IpcListenOptions("\0" + SocketPaths.checkAbstractName(name));
    }

    /** Node's {@code readableAll}: after bind, adds read permission for owner, group and others. */
    public IpcListenOptions readableAll(boolean v) {
        IpcListenOptions copy = new IpcListenOptions(this);
        copy.readableAll = v;
        return copy;
    }

    /** Node's {@code writableAll}: after bind, adds write permission (needed to connect) for owner, group and others. */
    public IpcListenOptions writableAll(boolean v) {
        IpcListenOptions copy = new IpcListenOptions(this);
        copy.writableAll = v;
        return copy;
    }

    /**
     * The exact mode of the socket file after bind (instead of what the umask gave);
     * {@link #readableAll}/{@link #writableAll} add to it. Null: leave the umask's mode.
     * Connecting needs write permission on the file.
     */
    public IpcListenOptions mode(@Nullable Set<PosixFilePermission> v) {
        Set<PosixFilePermission> checked = null;
        if (v != null) {
            Set<PosixFilePermission> all = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission p : v) {
                all.add(Objects.requireNonNull(p, "mode element"));
            }
            checked = Set.copyOf(all);
        }
        IpcListenOptions copy = new IpcListenOptions(this);
        copy.mode = checked;
        return copy;
    }

    /**
     * Whether a stale socket file (one nobody accepts on: a probe connect is refused) is removed
     * before binding. Default false: a stale file fails the listen with an {@code EADDRINUSE} that
     * says it is stale. A live socket or a file that is not a socket is never removed.
     */
    public IpcListenOptions removeStale(boolean v) {
        IpcListenOptions copy = new IpcListenOptions(this);
        copy.removeStale = v;
        return copy;
    }

    /** The accept queue length; default {@value #DEFAULT_BACKLOG}. */
    public IpcListenOptions backlog(int v) {
        Checks.atLeast("backlog", v, 0);
        IpcListenOptions copy = new IpcListenOptions(this);
        copy.backlog = v;
        return copy;
    }

    /**
     * The transport; default {@link Transport#AUTO}: NIO for a path, EPOLL for an abstract name. NIO with an
     * abstract name throws {@code ERR_INVALID_ARG_VALUE} at listen; IO_URING fails it with
     * {@code ERR_FEATURE_UNAVAILABLE_ON_PLATFORM} (Netty's io_uring Unix sockets cannot half-close).
     */
    public IpcListenOptions transport(Transport v) {
        Objects.requireNonNull(v, "transport");
        IpcListenOptions copy = new IpcListenOptions(this);
        copy.transport = v;
        return copy;
    }

    /** The path, or {@code "\0name"} for an abstract name (what {@code ListeningServer.path()} reports). */
    public String name() {
        return name;
    }

    /** Whether this is a Linux abstract name. */
    public boolean isAbstract() {
        return name.startsWith("\0");
    }

    public boolean readableAll() {
        return readableAll;
    }

    public boolean writableAll() {
        return writableAll;
    }

    public @Nullable Set<PosixFilePermission> mode() {
        return mode;
    }

    public boolean removeStale() {
        return removeStale;
    }

    public int backlog() {
        return backlog;
    }

    public Transport transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "IpcListenOptions{" + SocketPaths.printable(name) + ", readableAll=" + readableAll + ", writableAll="
                + writableAll + ", mode=" + mode + ", removeStale=" + removeStale + ", backlog=" + backlog
                + ", transport=" + transport + '}';
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof IpcListenOptions x && name.equals(x.name) && readableAll == x.readableAll
                && writableAll == x.writableAll && Objects.equals(mode, x.mode) && removeStale == x.removeStale
                && backlog == x.backlog && transport == x.transport;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, readableAll, writableAll, mode, removeStale, backlog, transport);
    }
}
