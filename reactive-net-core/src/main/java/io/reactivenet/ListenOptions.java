package io.reactivenet;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how a server binds. Immutable: every setter returns a copy.
 *
 * <p>Node counterpart: the options of {@code server.listen(options)}: port, host, backlog,
 * exclusive, reusePort, ipv6Only. ({@code path}, {@code readableAll}, {@code writableAll} live in
 * the {@code reactive-net-ipc} module; {@code signal} is cancelling the {@code listen} Mono or
 * disposing the {@link ListeningServer}.)
 */
public final class ListenOptions {

    /** Node's (libuv's) default backlog. */
    public static final int DEFAULT_BACKLOG = 511;

    private final int port;
    private final @Nullable String host;
    private final int backlog;
    private final boolean exclusive;
    private final boolean reusePort;
    private final boolean ipv6Only;

    private ListenOptions(int port, @Nullable String host, int backlog, boolean exclusive, boolean reusePort,
            boolean ipv6Only) {
        this.port = port;
        this.host = host;
        this.backlog = backlog;
        this.exclusive = exclusive;
        this.reusePort = reusePort;
        this.ipv6Only = ipv6Only;
    }

    /** Port 0 (a free port chosen by the OS) on every interface, as Node's {@code listen()}. */
    public static ListenOptions defaults() {
        return new ListenOptions(0, null, DEFAULT_BACKLOG, false, false, false);
    }

    /** {@code port} on every interface; throws {@code ERR_SOCKET_BAD_PORT} outside 0..65535. */
    public static ListenOptions port(int port) {
        return defaults().withPort(port);
    }

    public ListenOptions withPort(int port) {
        return new ListenOptions(NetArgumentException.checkPort(port, "options.port"), host, backlog, exclusive,
                reusePort, ipv6Only);
    }

    /** The address to bind; null for every interface ({@code ::} when IPv6 is available, as Node). */
    public ListenOptions host(@Nullable String host) {
        if (host != null && host.isBlank()) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "The argument 'host' must be a non-empty string. Received '" + host + "'");
        }
        return new ListenOptions(port, host, backlog, exclusive, reusePort, ipv6Only);
    }

    /** The accept queue length (SO_BACKLOG); the OS may cap it. */
    public ListenOptions backlog(int backlog) {
        if (backlog < 0) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"backlog\" is out of range. It must be >= 0. Received " + backlog);
        }
        return new ListenOptions(port, host, backlog, exclusive, reusePort, ipv6Only);
    }

    /** Node's {@code exclusive} only matters with Node's cluster module; kept for completeness, it changes nothing. */
    public ListenOptions exclusive(boolean exclusive) {
        return new ListenOptions(port, host, backlog, exclusive, reusePort, ipv6Only);
    }

    /** SO_REUSEPORT: several servers may bind the same port and the kernel spreads connections (Linux, native transport). */
    public ListenOptions reusePort(boolean reusePort) {
        return new ListenOptions(port, host, backlog, exclusive, reusePort, ipv6Only);
    }

    /** IPV6_V6ONLY: an IPv6 wildcard bind does not also accept IPv4. */
    public ListenOptions ipv6Only(boolean ipv6Only) {
        return new ListenOptions(port, host, backlog, exclusive, reusePort, ipv6Only);
    }

    public int port() {
        return port;
    }

    public @Nullable String host() {
        return host;
    }

    public int backlog() {
        return backlog;
    }

    public boolean exclusive() {
        return exclusive;
    }

    public boolean reusePort() {
        return reusePort;
    }

    public boolean ipv6Only() {
        return ipv6Only;
    }

    @Override
    public String toString() {
        return "ListenOptions{port=" + port + ", host=" + host + ", backlog=" + backlog + ", reusePort=" + reusePort
                + ", ipv6Only=" + ipv6Only + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListenOptions l && l.port == port && Objects.equals(l.host, host) && l.backlog == backlog
                && l.exclusive == exclusive && l.reusePort == reusePort && l.ipv6Only == ipv6Only;
    }

    @Override
    public int hashCode() {
        return Objects.hash(port, host, backlog, exclusive, reusePort, ipv6Only);
    }
}
