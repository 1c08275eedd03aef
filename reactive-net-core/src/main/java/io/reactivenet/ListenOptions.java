package io.reactivenet;

import io.reactivenet.internal.Checks;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how a server binds. Immutable: every setter checks its argument and returns a changed
 * copy, so one value may be shared across threads.
 *
 * <p>Node counterpart: the options of {@code server.listen(options)}: port, host, backlog,
 * exclusive, reusePort, ipv6Only. ({@code path}, {@code readableAll}, {@code writableAll} live in
 * the {@code reactive-net-ipc} module; {@code signal} is cancelling the {@code listen} Mono or
 * disposing the {@link ListeningServer}.)
 */
public final class ListenOptions {

    /** Node's (libuv's) default backlog. */
    public static final int DEFAULT_BACKLOG = 511;

    private static final ListenOptions DEFAULTS = new ListenOptions();

    // Written only between the copy constructor and the setter's return, before the copy escapes.
    private int port;
    private @Nullable String host;
    private int backlog = DEFAULT_BACKLOG;
    private boolean exclusive;
    private boolean reusePort;
    private boolean ipv6Only;

    private ListenOptions() {
    }

    private ListenOptions(ListenOptions from) {
        this.port = from.port;
        this.host = from.host;
        this.backlog = from.backlog;
        this.exclusive = from.exclusive;
        this.reusePort = from.reusePort;
        this.ipv6Only = from.ipv6Only;
    }

    /** Port 0 (a free port chosen by the OS) on every interface, as Node's {@code listen()}. */
    public static ListenOptions defaults() {
        return DEFAULTS;
    }

    /** {@code port} on every interface, as Node's {@code listen(port)}; same as {@code defaults().port(port)}. */
    public static ListenOptions onPort(int port) {
        return DEFAULTS.port(port);
    }

    /** The port; throws {@code ERR_SOCKET_BAD_PORT} outside 0..65535. 0: a free port chosen by the OS. */
    public ListenOptions port(int port) {
        NetArgumentException.checkPort(port, "options.port");
        ListenOptions copy = new ListenOptions(this);
        copy.port = port;
        return copy;
    }

    /** The address to bind; null for every interface ({@code ::} when IPv6 is available, as Node). */
    public ListenOptions host(@Nullable String host) {
        if (host != null && host.isBlank()) {
            throw Checks.invalid("host", "'" + host + "'", "must be a non-empty string");
        }
        ListenOptions copy = new ListenOptions(this);
        copy.host = host;
        return copy;
    }

    /** The accept queue length (SO_BACKLOG); the OS may cap it. */
    public ListenOptions backlog(int backlog) {
        Checks.atLeast("backlog", backlog, 0);
        ListenOptions copy = new ListenOptions(this);
        copy.backlog = backlog;
        return copy;
    }

    /** Node's {@code exclusive} only matters with Node's cluster module; kept for completeness, it changes nothing. */
    public ListenOptions exclusive(boolean exclusive) {
        ListenOptions copy = new ListenOptions(this);
        copy.exclusive = exclusive;
        return copy;
    }

    /** SO_REUSEPORT: several servers may bind the same port and the kernel spreads connections (Linux, native transport). */
    public ListenOptions reusePort(boolean reusePort) {
        ListenOptions copy = new ListenOptions(this);
        copy.reusePort = reusePort;
        return copy;
    }

    /** IPV6_V6ONLY: an IPv6 wildcard bind does not also accept IPv4. */
    public ListenOptions ipv6Only(boolean ipv6Only) {
        ListenOptions copy = new ListenOptions(this);
        copy.ipv6Only = ipv6Only;
        return copy;
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
    public boolean equals(@Nullable Object o) {
        return o instanceof ListenOptions l && l.port == port && Objects.equals(l.host, host) && l.backlog == backlog
                && l.exclusive == exclusive && l.reusePort == reusePort && l.ipv6Only == ipv6Only;
    }

    @Override
    public int hashCode() {
        return Objects.hash(port, host, backlog, exclusive, reusePort, ipv6Only);
    }
}
