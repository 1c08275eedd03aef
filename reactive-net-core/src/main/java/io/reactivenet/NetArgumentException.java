package io.reactivenet;

import java.util.Objects;

/**
 * A bad argument, thrown at the call (before any I/O), with Node's error code:
 * {@code ERR_SOCKET_BAD_PORT}, {@code ERR_INVALID_ADDRESS}, {@code ERR_INVALID_ARG_VALUE},
 * {@code ERR_INVALID_ARG_TYPE}, {@code ERR_OUT_OF_RANGE}.
 *
 * <p>Node counterpart: the {@code TypeError}/{@code RangeError} Node throws synchronously for bad
 * arguments. As in Reactor, argument checks throw eagerly rather than produce an error signal.
 * The message always names the offending value.
 */
public class NetArgumentException extends IllegalArgumentException {

    public static final String ERR_SOCKET_BAD_PORT = "ERR_SOCKET_BAD_PORT";
    public static final String ERR_INVALID_ADDRESS = "ERR_INVALID_ADDRESS";
    public static final String ERR_INVALID_ARG_VALUE = "ERR_INVALID_ARG_VALUE";
    public static final String ERR_INVALID_ARG_TYPE = "ERR_INVALID_ARG_TYPE";
    public static final String ERR_OUT_OF_RANGE = "ERR_OUT_OF_RANGE";
    public static final String ERR_MISSING_ARGS = "ERR_MISSING_ARGS";
    public static final String ERR_INVALID_IP_ADDRESS = "ERR_INVALID_IP_ADDRESS";

    private final String code;

    public NetArgumentException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Node's {@code err.code}, e.g. {@code "ERR_SOCKET_BAD_PORT"}. */
    public String code() {
        return code;
    }

    /** Throws {@code ERR_SOCKET_BAD_PORT} unless {@code 0 <= port <= 65535}; returns the port. */
    public static int checkPort(int port, String name) {
        if (port < 0 || port > 65535) {
            throw new NetArgumentException(ERR_SOCKET_BAD_PORT,
                    name + " should be >= 0 and < 65536. Received " + port + ".");
        }
        return port;
    }
}
