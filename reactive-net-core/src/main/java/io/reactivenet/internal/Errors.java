package io.reactivenet.internal;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.channel.unix.Errors.NativeIoException;
import io.reactivenet.NetException;
import java.io.FileNotFoundException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps JDK and Netty failures to {@link NetException}s with Node's codes and messages.
 *
 * <p>A code is found in this order, over the exception and its causes, so that it does not depend
 * on the process locale wherever the transport gives more than text:
 * <ol>
 *   <li>an errno: Netty's native transport carries it ({@link NativeIoException#expectedErr()},
 *       or the {@code "failed with error(-111)"} its connect exceptions print), named by
 *       {@link Errno};</li>
 *   <li>an exception type that says it alone ({@code SocketTimeoutException}, {@code NoSuchFileException}…);</li>
 *   <li>{@code strerror} text, in the process locale and in English ({@link StrerrorIndex}): NIO
 *       says EADDRINUSE, EADDRNOTAVAIL and EACCES all with a {@code BindException}, EPIPE and
 *       ECONNRESET on a write with a plain {@code IOException};</li>
 *   <li>an exception type that says it in most cases: {@code ConnectException} is ECONNREFUSED,
 *       {@code BindException} EADDRINUSE, a closed channel ERR_SOCKET_CLOSED.</li>
 * </ol>
 * Stateless, thread-safe.
 */
public final class Errors {

    /** The code of a failure nothing above explains. */
    public static final String UNKNOWN = NetException.EUNKNOWN;

    /** How Netty's native exceptions print their negative errno: {@code "connect(..) failed with error(-111): …"}. */
    private static final Pattern NETTY_ERRNO = Pattern.compile("\\(\\.\\.\\) failed with error\\((-\\d{1,5})\\)");

    private Errors() {
    }

    /**
     * A NetException for {@code t}, in Node's message style: {@code "connect ECONNREFUSED 127.0.0.1:80"}.
     * A NetException passes through unchanged, unless its code is {@link #UNKNOWN} and its cause
     * says more (then the cause is translated anew for this {@code syscall} and {@code address}).
     * {@code port} is -1 for operations without one (Unix domain socket paths, files).
     */
    public static NetException translate(Throwable t, String syscall, @Nullable String address, int port) {
        return translate(t, syscall, address, port, StrerrorIndex.processLocale());
    }

    static NetException translate(Throwable t, String syscall, @Nullable String address, int port,
            StrerrorIndex locale) {
        Throwable source = t;
        if (t instanceof NetException n) {
            Throwable cause = n.getCause();
            if (!UNKNOWN.equals(n.code()) || cause == null || UNKNOWN.equals(codeOf(cause, locale))) {
                return n;
            }
            source = cause;
        }
        String code = codeOf(source, locale);
        StringBuilder msg = new StringBuilder(syscall).append(' ').append(code);
        if (address != null) {
            msg.append(' ').append(address);
            if (port >= 0) {
                msg.append(':').append(port);
            }
        }
        return new NetException(code, msg.toString(), syscall, address, port, source);
    }

    /** Node's code ({@code "ECONNREFUSED"}…) for a JDK/Netty exception, or {@link #UNKNOWN}. */
    public static String codeOf(Throwable t) {
        return codeOf(t, StrerrorIndex.processLocale());
    }

    /** {@link #codeOf(Throwable)} with the process locale's strerror texts given (tests stub them). */
    static String codeOf(Throwable t, StrerrorIndex locale) {
        if (t instanceof ChannelOutputShutdownException) {
            // Netty fails writes queued after shutdownOutput() with it, whatever shut the output down.
            return NetException.ERR_STREAM_WRITE_AFTER_END;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NetException n && !UNKNOWN.equals(n.code())) {
                return n.code();
            }
            String code = Errno.name(errno(c));
            if (code == null) {
                code = exactType(c);
            }
            if (code != null) {
                return code;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String code = Errno.name(locale.errnoIn(c.getMessage()));
            if (code == null) {
                code = Errno.name(StrerrorIndex.ENGLISH.errnoIn(c.getMessage()));
            }
            if (code != null) {
                return code;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String code = likelyType(c);
            if (code != null) {
                return code;
            }
        }
        return UNKNOWN;
    }

    /**
     * The (positive) errno a Netty native exception carries, or -1. Netty's connect failures are
     * plain {@code ConnectException}s whose message holds the number, which does not depend on
     * the locale as the text after it does.
     */
    public static int errno(Throwable t) {
        if (t instanceof NativeIoException n) {
            return -n.expectedErr();
        }
        String m = t.getMessage();
        if (m != null && m.contains("failed with error(")) {
            Matcher matcher = NETTY_ERRNO.matcher(m);
            if (matcher.find()) {
                return -Integer.parseInt(matcher.group(1));
            }
        }
        return -1;
    }

    /** Codes an exception type gives alone, in the order they are tried. */
    private static final List<Map.Entry<Class<? extends Throwable>, String>> EXACT = List.of(
            Map.entry(ConnectTimeoutException.class, NetException.ETIMEDOUT),
            Map.entry(SocketTimeoutException.class, NetException.ETIMEDOUT),
            Map.entry(UnknownHostException.class, NetException.ENOTFOUND),
            Map.entry(PortUnreachableException.class, NetException.ECONNREFUSED),
            // Netty's native transports throw it for ENOTCONN (e.g. shutdown after the peer's RST).
            Map.entry(NotYetConnectedException.class, NetException.ENOTCONN),
            Map.entry(NoSuchFileException.class, NetException.ENOENT),
            Map.entry(AccessDeniedException.class, NetException.EACCES),
            Map.entry(FileAlreadyExistsException.class, NetException.EEXIST),
            Map.entry(NotDirectoryException.class, NetException.ENOTDIR),
            Map.entry(DirectoryNotEmptyException.class, NetException.ENOTEMPTY),
            Map.entry(FileSystemLoopException.class, NetException.ELOOP));

    /**
     * Codes an exception type gives in all but rare cases, used when no errno or text said more:
     * the JDK throws {@code ConnectException} for ECONNREFUSED (and for ETIMEDOUT, ENOTCONN),
     * {@code BindException} for EADDRINUSE (and EADDRNOTAVAIL, EACCES), {@code NoRouteToHostException}
     * for EHOSTUNREACH (Netty also for ENETUNREACH); Netty's epoll a bare {@code FileNotFoundException}
     * for ENOENT (the JDK's file streams also for EACCES); a closed channel (with
     * AsynchronousCloseException and ClosedByInterruptException) is ERR_SOCKET_CLOSED.
     */
    private static final List<Map.Entry<Class<? extends Throwable>, String>> LIKELY = List.of(
            Map.entry(ConnectException.class, NetException.ECONNREFUSED),
            Map.entry(BindException.class, NetException.EADDRINUSE),
            Map.entry(NoRouteToHostException.class, NetException.EHOSTUNREACH),
            Map.entry(FileNotFoundException.class, NetException.ENOENT),
            Map.entry(ClosedChannelException.class, NetException.ERR_SOCKET_CLOSED));

    private static @Nullable String exactType(Throwable t) {
        return byType(EXACT, t);
    }

    private static @Nullable String likelyType(Throwable t) {
        return byType(LIKELY, t);
    }

    private static @Nullable String byType(List<Map.Entry<Class<? extends Throwable>, String>> table, Throwable t) {
        for (Map.Entry<Class<? extends Throwable>, String> e : table) {
            if (e.getKey().isInstance(t)) {
                return e.getValue();
            }
        }
        return null;
    }
}
