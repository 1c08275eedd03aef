package io.reactivenet.internal;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.reactivenet.NetException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Maps JDK and Netty failures to {@link NetException}s with Node's codes and messages. */
public final class Errors {

    private Errors() {
    }

    /** A NetException for {@code t}, in Node's message style: {@code "connect ECONNREFUSED 127.0.0.1:80"}. */
    public static NetException translate(Throwable t, String syscall, @Nullable String address, int port) {
        if (t instanceof NetException n) {
            return n;
        }
        String code = codeOf(t);
        StringBuilder msg = new StringBuilder(syscall).append(' ').append(code);
        if (address != null) {
            msg.append(' ').append(address);
            if (port >= 0) {
                msg.append(':').append(port);
            }
        }
        return new NetException(code, msg.toString(), syscall, address, port, t);
    }

    /** Node's errno name for a JDK/Netty exception, from its type and the OS's strerror text. */
    public static String codeOf(Throwable t) {
        if (t instanceof NetException n) {
            return n.code();
        }
        if (t instanceof ConnectTimeoutException) {
            return NetException.ETIMEDOUT;
        }
        if (t instanceof UnknownHostException) {
            return NetException.ENOTFOUND;
        }
        if (t instanceof ChannelOutputShutdownException) {
            return NetException.ERR_STREAM_WRITE_AFTER_END;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m == null) {
                continue;
            }
            String s = m.toLowerCase(Locale.ROOT);
            if (s.contains("connection refused")) {
                return NetException.ECONNREFUSED;
            }
            if (s.contains("address already in use")) {
                return NetException.EADDRINUSE;
            }
            if (s.contains("cannot assign requested address")) {
                return NetException.EADDRNOTAVAIL;
            }
            if (s.contains("permission denied")) {
                return NetException.EACCES;
            }
            if (s.contains("connection reset")) {
                return NetException.ECONNRESET;
            }
            if (s.contains("broken pipe")) {
                return NetException.EPIPE;
            }
            if (s.contains("connection timed out") || s.contains("timed out")) {
                return NetException.ETIMEDOUT;
            }
            if (s.contains("no such file")) {
                return NetException.ENOENT;
            }
            if (s.contains("network is unreachable")) {
                return NetException.ENETUNREACH;
            }
            if (s.contains("no route to host")) {
                return NetException.EHOSTUNREACH;
            }
        }
        if (t instanceof ClosedChannelException) {
            return NetException.ERR_SOCKET_CLOSED;
        }
        return "EUNKNOWN";
    }
}
