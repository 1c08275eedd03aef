package io.reactivenet.internal.observation;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Observation names, key names and values (the table in docs/observability.md). Low-cardinality
 * keys (a handful of values each) may become meter tags; high-cardinality ones (addresses, host
 * names) are for traces only.
 */
final class Keys {

    static final String CONNECT = "reactivenet.client.connect";
    static final String LOOKUP = "reactivenet.client.lookup";
    static final String ATTEMPT = "reactivenet.client.connect.attempt";
    static final String CLIENT_TLS = "reactivenet.client.tls.handshake";
    static final String SERVER_TLS = "reactivenet.server.tls.handshake";
    static final String ACCEPT = "reactivenet.server.accept";

    // low cardinality
    static final String TRANSPORT = "transport";
    static final String OUTCOME = "outcome";
    static final String CODE = "code";
    static final String FAMILY = "family";
    static final String TLS_PROTOCOL = "tls.protocol";

    // high cardinality
    static final String HOST = "host";
    static final String PORT = "port";
    static final String REMOTE = "remote.address";
    static final String LOCAL = "local.address";

    static final String SUCCESS = "success";
    static final String FAILURE = "failure";
    static final String CANCELLED = "cancelled";
    static final String ADMITTED = "admitted";
    static final String DROPPED = "dropped";
    static final String BLOCKED = "blocked";
    /** Micrometer's {@code KeyValue.NONE_VALUE}: a key with no value here (no error, no protocol). */
    static final String NONE = "none";

    /** The Reactor context key under which Micrometer puts the current observation (the parent). */
    static final String PARENT = "micrometer.observation";

    private Keys() {
    }

    /** {@code host:port} (IPv6 in brackets), the path for a Unix socket, {@value #NONE} for null. */
    static String format(@Nullable SocketAddress address) {
        if (address instanceof InetSocketAddress isa) {
            String host = isa.getAddress() != null ? isa.getAddress().getHostAddress() : isa.getHostString();
            return ip(host, isa.getPort());
        }
        return address == null ? NONE : String.valueOf(address);
    }

    static String ip(String ip, int port) {
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }
}
