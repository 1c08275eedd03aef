package io.reactivenet.internal.spi;

import io.reactivenet.ListenOptions;
import io.reactivenet.Transport;
import io.reactivenet.internal.Checks;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * What a server binds and on what transport, whatever the address family: the TCP front
 * ({@code NetServer.listen}) and the IPC module both describe their bind with one of these; the
 * accepted sockets' settings travel separately, in {@link io.reactivenet.ServerOptions}.
 * Immutable: every setter returns a copy.
 */
public final class ServerEndpoint {

    private final Supplier<? extends SocketAddress> address;
    private final boolean domain;
    /** The host (TCP) or the path or {@code "\0name"} (domain) errors and {@code path()} report. */
    private final String shown;
    private final int port;
    // Written only between the copy constructor and the setter's return, before the copy escapes.
    private int backlog = ListenOptions.DEFAULT_BACKLOG;
    private boolean reusePort;
    private Transport transport = Transport.AUTO;
    private @Nullable Supplier<Mono<Void>> beforeBind;
    private @Nullable Runnable afterUnbind;
    private @Nullable UnaryOperator<LoopResources> channels;

    private ServerEndpoint(Supplier<? extends SocketAddress> address, boolean domain, String shown, int port) {
        this.address = Objects.requireNonNull(address, "address");
        this.domain = domain;
        this.shown = Objects.requireNonNull(shown, "shown");
        this.port = port;
    }

    private ServerEndpoint(ServerEndpoint from) {
        this(from.address, from.domain, from.shown, from.port);
        this.backlog = from.backlog;
        this.reusePort = from.reusePort;
        this.transport = from.transport;
        this.beforeBind = from.beforeBind;
        this.afterUnbind = from.afterUnbind;
        this.channels = from.channels;
    }

    /** A TCP bind; {@code host} and {@code port} are what errors report ({@code "::"} for every interface). */
    public static ServerEndpoint tcp(Supplier<? extends SocketAddress> address, String host, int port) {
        return new ServerEndpoint(address, false, host, port);
    }

    /** A Unix domain socket bind; {@code path} (or {@code "\0name"}) is what errors and {@code path()} report. */
    public static ServerEndpoint domain(Supplier<? extends SocketAddress> address, String path) {
        return new ServerEndpoint(address, true, path, -1);
    }

    /** SO_BACKLOG; default {@link ListenOptions#DEFAULT_BACKLOG}. */
    public ServerEndpoint backlog(int backlog) {
        Checks.atLeast("backlog", backlog, 0);
        ServerEndpoint copy = new ServerEndpoint(this);
        copy.backlog = backlog;
        return copy;
    }

    /** SO_REUSEPORT (TCP only). */
    public ServerEndpoint reusePort(boolean reusePort) {
        ServerEndpoint copy = new ServerEndpoint(this);
        copy.reusePort = reusePort;
        return copy;
    }

    /** The transport; {@link Transport#AUTO} (the default) runs the loops' own transport. */
    public ServerEndpoint transport(Transport transport) {
        Objects.requireNonNull(transport, "transport");
        ServerEndpoint copy = new ServerEndpoint(this);
        copy.transport = transport;
        return copy;
    }

    /** Runs before binding (e.g. stale socket file checks); its error fails the listen. */
    public ServerEndpoint beforeBind(Supplier<Mono<Void>> beforeBind) {
        Objects.requireNonNull(beforeBind, "beforeBind");
        ServerEndpoint copy = new ServerEndpoint(this);
        copy.beforeBind = beforeBind;
        return copy;
    }

    /** Runs once the listening channel has closed (e.g. removes the socket file). */
    public ServerEndpoint afterUnbind(Runnable afterUnbind) {
        Objects.requireNonNull(afterUnbind, "afterUnbind");
        ServerEndpoint copy = new ServerEndpoint(this);
        copy.afterUnbind = afterUnbind;
        return copy;
    }

    /** As {@link ClientEndpoint#channels}: decorates the loops' resources for this bind to choose channel classes. */
    public ServerEndpoint channels(UnaryOperator<LoopResources> channels) {
        Objects.requireNonNull(channels, "channels");
        ServerEndpoint copy = new ServerEndpoint(this);
        copy.channels = channels;
        return copy;
    }

    public Supplier<? extends SocketAddress> address() {
        return address;
    }

    public boolean isDomain() {
        return domain;
    }

    /** The path or abstract name of a domain bind; null for TCP. */
    public @Nullable String path() {
        return domain ? shown : null;
    }

    /** The address errors report: the host for TCP, the path for a domain socket. */
    public String shownAddress() {
        return shown;
    }

    /** The port errors report; -1 for a domain socket. */
    public int shownPort() {
        return port;
    }

    public int backlog() {
        return backlog;
    }

    public boolean reusePort() {
        return reusePort;
    }

    public Transport transport() {
        return transport;
    }

    public @Nullable Supplier<Mono<Void>> beforeBind() {
        return beforeBind;
    }

    public @Nullable Runnable afterUnbind() {
        return afterUnbind;
    }

    public @Nullable UnaryOperator<LoopResources> channels() {
        return channels;
    }

    @Override
    public String toString() {
        return "ServerEndpoint{" + (domain ? "domain " : "tcp ") + shown + (domain ? "" : ":" + port) + ", backlog="
                + backlog + ", reusePort=" + reusePort + ", transport=" + transport + "}";
    }
}
