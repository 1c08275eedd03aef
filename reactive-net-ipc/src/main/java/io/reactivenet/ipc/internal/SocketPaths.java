package io.reactivenet.ipc.internal;

import io.reactivenet.NetArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks a socket path or abstract name before any I/O: the kernel's {@code sun_path} is a fixed
 * array (108 bytes on Linux, 104 on macOS, one kept for the terminating NUL), and the JDK would
 * only fail at bind with a message that names neither the limit nor the length.
 */
public final class SocketPaths {

    /** Linux: {@code sizeof(sun_path) - 1}. */
    public static final int LINUX_MAX_BYTES = 107;
    /** macOS and the BSDs: {@code sizeof(sun_path) - 1}. */
    public static final int BSD_MAX_BYTES = 103;

    private SocketPaths() {
    }

    /** The longest path, in bytes of UTF-8, this platform accepts. */
    public static int maxBytes() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") ? LINUX_MAX_BYTES : BSD_MAX_BYTES;
    }

    /** Whether this platform has Linux's abstract socket namespace. */
    public static boolean hasAbstractNamespace() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /**
     * The longest path the JDK's NIO sockets accept: one byte less than the kernel (JDK 17 refuses
     * 107 bytes on Linux with "Unix domain path too long"; measured, 106 binds).
     */
    public static int maxBytesNio() {
        return maxBytes() - 1;
    }

    /**
     * Checks a path against the chosen transport's limit, before any I/O (the options checked the
     * platform's limit already; NIO's is one byte lower).
     */
    public static void checkForTransport(String path, boolean epoll) {
        if (epoll || path.startsWith("\0")) {
            return;
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        int max = maxBytesNio();
        if (bytes > max) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "The argument 'path' is " + bytes + " bytes long; with the NIO transport a Unix socket path is"
                            + " limited to " + max + " bytes (the JDK keeps one byte more than the kernel's "
                            + maxBytes() + "; the EPOLL transport allows " + maxBytes() + "). Received "
                            + printable(path));
        }
    }

    /** Checks a socket file path; returns it. */
    public static String checkPath(String path, String argument) {
        Objects.requireNonNull(path, argument);
        if (path.isEmpty()) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "The argument '" + argument + "' must be a non-empty path. Received ''");
        }
        if (path.indexOf('\0') >= 0) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "The argument '" + argument + "' must not contain NUL bytes (use abstractName for Linux"
                            + " abstract names). Received " + printable(path));
        }
        checkLength(path.getBytes(StandardCharsets.UTF_8).length, path, argument);
        return path;
    }

    /** Checks an abstract name (without its leading NUL); returns it. */
    public static String checkAbstractName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "The argument 'name' must be a non-empty abstract socket name. Received ''");
        }
        // The leading NUL takes one byte of sun_path, and no terminator is needed: 107 bytes on Linux.
        checkLength(name.getBytes(StandardCharsets.UTF_8).length, "@" + name, "name");
        return name;
    }

    private static void checkLength(int bytes, String shown, String argument) {
        int max = maxBytes();
        if (bytes > max) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "The argument '" + argument + "' is " + bytes + " bytes long; a Unix socket path on "
                            + System.getProperty("os.name") + " is limited to " + max + " bytes. Received "
                            + printable(shown));
        }
    }

    /** A name for messages: an abstract name's leading NUL shown as {@code @}, as {@code ss} and {@code lsof} do. */
    public static String printable(String pathOrAbstract) {
        return pathOrAbstract.startsWith("\0") ? "@" + pathOrAbstract.substring(1) : pathOrAbstract.replace("\0", "\\0");
    }
}
