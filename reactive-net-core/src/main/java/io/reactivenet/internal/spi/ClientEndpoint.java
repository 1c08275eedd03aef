package io.reactivenet.internal.spi;

import io.reactivenet.Transport;
import io.reactivenet.internal.Checks;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * Where a client connects and on what transport, whatever the address family: a TCP address or a
 * Unix domain socket address (of the type the chosen transport wants). The socket's own settings
 * travel separately, as {@link io.reactivenet.SocketOptions}. Immutable: every setter returns a copy.
 */
public final class ClientEndpoint {

    private final Supplier<? extends SocketAddress> remote;
    private final boolean domain;
    // Written only between the copy constructor and the setter's return, before the copy escapes.
    private @Nullable SocketAddress local;
    private Transport transport = Transport.AUTO;
    private Duration timeout = Duration.ZERO;
    private @Nullable UnaryOperator<LoopResources> channels;

    private ClientEndpoint(Supplier<? extends SocketAddress> remote, boolean domain) {
        this.remote = Objects.requireNonNull(remote, "remote");
        this.domain = domain;
    }

    private ClientEndpoint(ClientEndpoint from) {
        this(from.remote, from.domain);
        this.local = from.local;
        this.transport = from.transport;
        this.timeout = from.timeout;
        this.channels = from.channels;
    }

    /** A TCP connect to the address {@code remote} gives when the connect starts. */
    public static ClientEndpoint tcp(Supplier<? extends SocketAddress> remote) {
        return new ClientEndpoint(remote, false);
    }

    /** A Unix domain socket connect: no TCP options are applied. */
    public static ClientEndpoint domain(Supplier<? extends SocketAddress> remote) {
        return new ClientEndpoint(remote, true);
    }

    /** The local address to bind before connecting; null for any. */
    public ClientEndpoint local(@Nullable SocketAddress local) {
        ClientEndpoint copy = new ClientEndpoint(this);
        copy.local = local;
        return copy;
    }

    /** The transport; {@link Transport#AUTO} (the default) runs the loops' own transport. */
    public ClientEndpoint transport(Transport transport) {
        Objects.requireNonNull(transport, "transport");
        ClientEndpoint copy = new ClientEndpoint(this);
        copy.transport = transport;
        return copy;
    }

    /** The connect timeout; zero: the OS's. */
    public ClientEndpoint timeout(Duration timeout) {
        Checks.nonNegative("timeout", timeout);
        ClientEndpoint copy = new ClientEndpoint(this);
        copy.timeout = timeout;
        return copy;
    }

    /**
     * Decorates the loops' resources for this connect, to choose the channel classes (the IPC
     * module's half-closing NIO domain channels). The decorated resources must not own the loops.
     */
    public ClientEndpoint channels(UnaryOperator<LoopResources> channels) {
        Objects.requireNonNull(channels, "channels");
        ClientEndpoint copy = new ClientEndpoint(this);
        copy.channels = channels;
        return copy;
    }

    public Supplier<? extends SocketAddress> remote() {
        return remote;
    }

    public boolean isDomain() {
        return domain;
    }

    public @Nullable SocketAddress local() {
        return local;
    }

    public Transport transport() {
        return transport;
    }

    public Duration timeout() {
        return timeout;
    }

    public @Nullable UnaryOperator<LoopResources> channels() {
        return channels;
    }

    @Override
    public String toString() {
        return "ClientEndpoint{" + (domain ? "domain" : "tcp") + ", local=" + local + ", transport=" + transport
                + ", timeout=" + timeout + "}";
    }
}
