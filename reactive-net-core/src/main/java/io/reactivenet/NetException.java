package io.reactivenet;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A network failure with a Node-style {@link #code()}: {@code ECONNREFUSED}, {@code EADDRINUSE},
 * {@code ECONNRESET}, {@code ERR_IP_BLOCKED}…
 *
 * <p>Node counterpart: the {@code Error} objects Node's {@code net} emits, with their {@code code},
 * {@code syscall}, {@code address} and {@code port} properties. Unchecked; delivered as
 * {@code onError} signals of the Mono or Flux whose operation failed, never thrown from operators.
 * Bad arguments are not {@code NetException}s but {@link NetArgumentException}s.
 */
public class NetException extends RuntimeException {

    public static final String ECONNREFUSED = "ECONNREFUSED";
    public static final String EADDRINUSE = "EADDRINUSE";
    public static final String EADDRNOTAVAIL = "EADDRNOTAVAIL";
    public static final String EACCES = "EACCES";
    public static final String ECONNRESET = "ECONNRESET";
    public static final String EPIPE = "EPIPE";
    public static final String ETIMEDOUT = "ETIMEDOUT";
    public static final String ENOENT = "ENOENT";
    public static final String ENOTFOUND = "ENOTFOUND";
    public static final String EHOSTUNREACH = "EHOSTUNREACH";
    public static final String ENETUNREACH = "ENETUNREACH";
    public static final String ECONNABORTED = "ECONNABORTED";
    public static final String ENOTCONN = "ENOTCONN";
    public static final String EEXIST = "EEXIST";
    public static final String ENOTDIR = "ENOTDIR";
    public static final String ENOTEMPTY = "ENOTEMPTY";
    public static final String ELOOP = "ELOOP";
    /**
     * A system failure nothing explained: no errno, no telling exception type, no known message.
     * (Node says {@code UNKNOWN} for an errno libuv cannot name.)
     */
    public static final String EUNKNOWN = "EUNKNOWN";
    public static final String ERR_SERVER_NOT_RUNNING = "ERR_SERVER_NOT_RUNNING";
    public static final String ERR_SERVER_ALREADY_LISTEN = "ERR_SERVER_ALREADY_LISTEN";
    public static final String ERR_SOCKET_CLOSED = "ERR_SOCKET_CLOSED";
    public static final String ERR_STREAM_WRITE_AFTER_END = "ERR_STREAM_WRITE_AFTER_END";
    public static final String ERR_IP_BLOCKED = "ERR_IP_BLOCKED";
    public static final String ERR_SOCKET_CONNECTION_TIMEOUT = "ERR_SOCKET_CONNECTION_TIMEOUT";
    public static final String ERR_STREAM_ALREADY_SUBSCRIBED = "ERR_STREAM_ALREADY_SUBSCRIBED";
    /** Node's code for a feature this platform lacks (a transport that cannot run here, IPV6_V6ONLY). */
    public static final String ERR_FEATURE_UNAVAILABLE_ON_PLATFORM = "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM";

    private final String code;
    private final @Nullable String syscall;
    private final @Nullable String address;
    private final int port;

    public NetException(String code, String message) {
        this(code, message, null, null, -1, null);
    }

    public NetException(String code, String message, @Nullable Throwable cause) {
        this(code, message, null, null, -1, cause);
    }

    public NetException(String code, String message, @Nullable String syscall, @Nullable String address, int port,
            @Nullable Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.syscall = syscall;
        this.address = address;
        this.port = port;
    }

    /** Node's {@code err.code}, e.g. {@code "ECONNREFUSED"}. */
    public String code() {
        return code;
    }

    /** Node's {@code err.syscall} ({@code "connect"}, {@code "listen"}, {@code "write"}…), or null. */
    public @Nullable String syscall() {
        return syscall;
    }

    /** Node's {@code err.address}: the address the failed operation was about, or null. */
    public @Nullable String address() {
        return address;
    }

    /** Node's {@code err.port}, or -1 when the operation had no port. */
    public int port() {
        return port;
    }
}
