package io.reactivenet.ipc.internal;

import io.reactivenet.NetException;
import io.reactivenet.internal.spi.Endpoints;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The life of a socket file: what is in the way before bind, its mode after bind, its removal after
 * close. Blocking file-system calls: run off the event loops.
 */
public final class SocketFiles {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private SocketFiles() {
    }

    /** What {@link #probe(Path)} found at a path. */
    public enum Found {
        /** Nothing: free to bind. */
        NOTHING,
        /** A socket file with a process accepting on it. */
        LIVE,
        /** A socket file nobody accepts on (a probe connect was refused): left by a crashed process. */
        STALE,
        /** A file that is not a socket. */
        NOT_A_SOCKET,
        /** A socket file we could not probe (e.g. no permission); treated as in use. */
        UNKNOWN
    }

    /** Looks at {@code path} without changing it; a probe connect tells a live socket from a stale one. */
    public static Found probe(Path path) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Found.NOTHING;
        } catch (IOException | UnsupportedOperationException e) {
            return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? Found.UNKNOWN : Found.NOTHING;
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            return Found.NOT_A_SOCKET;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // Non-blocking: a live server whose accept queue is full must not hang the probe.
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(path));
            return Found.LIVE;
        } catch (ConnectException e) {
            return "ECONNREFUSED".equals(Endpoints.code(e)) ? Found.STALE : Found.UNKNOWN;
        } catch (IOException e) {
            String code = Endpoints.code(e);
            if (NetException.ECONNREFUSED.equals(code)) {
                return Found.STALE;
            }
            if (NetException.ENOENT.equals(code)) {
                return Found.NOTHING;
            }
            // EAGAIN (queue full) and the like mean someone is there.
            return Found.UNKNOWN;
        }
    }

    /**
     * Clears the way for a bind on {@code path}: nothing to do, a stale file removed (when
     * {@code removeStale}), or an {@code EADDRINUSE} that says what is in the way.
     */
    public static void prepareBind(Path path, boolean removeStale) {
        String shown = path.toString();
        switch (probe(path)) {
            case NOTHING -> {
            }
            case STALE -> {
                if (!removeStale) {
                    throw inUse(shown, "the socket file is stale (a probe connect was refused: no process accepts"
                            + " on it); delete it or listen with removeStale(true)");
                }
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw Endpoints.error(e, "unlink", shown, -1);
                }
            }
            case LIVE -> throw inUse(shown, "a process is accepting connections on it");
            case NOT_A_SOCKET -> throw inUse(shown, "a file that is not a socket is in the way (never removed)");
            case UNKNOWN -> throw inUse(shown, "a socket file that could not be probed is in the way");
        }
    }

    private static NetException inUse(String path, String why) {
        return new NetException(NetException.EADDRINUSE, "listen EADDRINUSE: address already in use " + path + ": " + why,
                "listen", path, -1, null);
    }

    /**
     * Node's {@code readableAll}/{@code writableAll} on top of {@code mode} (or of the mode the file
     * was created with, from the umask, when {@code mode} is null).
     */
    public static void chmod(Path path, @Nullable Set<PosixFilePermission> mode, boolean readableAll, boolean writableAll) {
        if (mode == null && !readableAll && !writableAll) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
            perms.addAll(mode != null ? mode : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
            if (readableAll) {
                perms.addAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
                        PosixFilePermission.OTHERS_READ));
            }
            if (writableAll) {
                perms.addAll(EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.OTHERS_WRITE));
            }
            Files.setPosixFilePermissions(path, perms);
        } catch (IOException | UnsupportedOperationException e) {
            throw Endpoints.error(e, "chmod", path.toString(), -1);
        }
    }

    /** Removes the socket file we bound, if it is still there. */
    public static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw Endpoints.error(e, "unlink", path.toString(), -1);
        }
    }
}
