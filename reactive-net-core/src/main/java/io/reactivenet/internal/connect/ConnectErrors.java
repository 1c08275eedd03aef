package io.reactivenet.internal.connect;

import io.reactivenet.NetAggregateException;
import io.reactivenet.NetException;
import io.reactivenet.timeout.ConnectTimeoutException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The errors a connect fails with, worded as Node words them. */
final class ConnectErrors {

    private ConnectErrors() {
    }

    /** The lookup failed: a {@link NetException} keeps its code, anything else is {@code ENOTFOUND}. */
    static NetException lookupFailed(String host, @Nullable Throwable error) {
        if (error instanceof NetException n) {
            return n;
        }
        String detail = error == null || error instanceof UnknownHostException || error.getMessage() == null
                ? "" : " (" + error + ")";
        return new NetException(NetException.ENOTFOUND, "getaddrinfo ENOTFOUND " + host + detail, "getaddrinfo",
                host, -1, error);
    }

    /** The lookup found nothing usable: nothing at all, or nothing of the requested family. */
    static NetException noAddress(String host, List<InetAddress> found, int family) {
        return new NetException(NetException.ENOTFOUND, "getaddrinfo ENOTFOUND " + host
                + (found.isEmpty() ? " (the lookup found no address)"
                        : " (no IPv" + family + " address among " + found + ")"),
                "getaddrinfo", host, -1, null);
    }

    /** An attempt closed when its timeout passed (with a local port, as Node does). */
    static NetException attemptTimedOut(String ip, int port) {
        return new NetException(NetException.ETIMEDOUT, "connect ETIMEDOUT " + ip + ":" + port, "connect", ip, port,
                null);
    }

    /** The whole connect's timeout passed: ETIMEDOUT, with the attempts' errors suppressed. */
    static ConnectTimeoutException timedOut(Duration timeout, String host, int port, List<NetException> errors) {
        ConnectTimeoutException e = new ConnectTimeoutException(timeout, host + ":" + port);
        errors.forEach(e::addSuppressed);
        return e;
    }

    /**
     * Every attempt failed: the single attempt's error, or (racing) Node's aggregate with every
     * attempt's error and the last one's code.
     */
    static NetException allFailed(String host, int port, List<NetException> errors, boolean raced,
            List<String> attempted) {
        if (errors.isEmpty()) {
            return new NetException(NetException.ENOTFOUND, "connect: no address to connect to for " + host);
        }
        if (!raced) {
            return errors.get(errors.size() - 1);
        }
        StringBuilder msg = new StringBuilder("connect ").append(errors.get(errors.size() - 1).code())
                .append(' ').append(host).append(':').append(port).append(": all ").append(errors.size())
                .append(" attempts failed (");
        for (int i = 0; i < errors.size(); i++) {
            msg.append(i == 0 ? "" : "; ").append(errors.get(i).getMessage());
        }
        return new NetAggregateException(msg.append(')').toString(), errors, attempted);
    }
}
