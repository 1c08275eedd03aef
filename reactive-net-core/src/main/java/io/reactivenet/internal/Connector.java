package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.reactivenet.ConnectOptions;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.internal.socket.HandOff;
import io.reactivenet.internal.socket.SocketImpl;
import io.reactivenet.SocketOptions;
import io.reactivenet.Transport;
import io.reactivenet.internal.metrics.ClientRecorder;
import io.reactivenet.internal.spi.ClientEndpoint;
import io.reactivenet.internal.tls.Tls;
import io.reactivenet.tls.TlsOptions;
import io.reactivenet.internal.tuning.ChannelSetup;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

/**
 * Client connects: the entry point ({@link #connect(ConnectOptions)}, which runs a {@link Race}),
 * single TCP attempts for it, and {@link #open} for domain sockets (the IPC module).
 */
public final class Connector {

    private Connector() {
    }

    /**
     * Opens a connection to {@code endpoint} (TCP or a domain socket) and installs a socket on it,
     * configured by {@code socket}. The IPC module calls this through {@code spi.Endpoints}.
     */
    public static Mono<NetSocket> open(ClientEndpoint endpoint, SocketOptions socket) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(socket, "socket");
        // HandOff last: a socket that a crossing cancel made the subscriber drop is destroyed.
        return HandOff.of(Mono.defer(() -> {
            NetLoops.Lease lease = NetLoops.Lease.of(socket.loops());
            AtomicReference<@Nullable Channel> opened = new AtomicReference<>();
            AtomicBoolean emitted = new AtomicBoolean();
            Duration timeout = endpoint.timeout();
            Supplier<? extends SocketAddress> remote = endpoint.remote();
            Transport transport = endpoint.transport() == Transport.AUTO ? lease.loops().transport()
                    : endpoint.transport();
            UnaryOperator<LoopResources> channels = endpoint.channels();
            LoopResources resources = channels != null ? channels.apply(lease.loops().resources())
                    : lease.loops().resources();
            TcpClient client = client(remote, endpoint.local(), endpoint.isDomain(), transport, resources, socket,
                    opened::set, tlsHost(remote));
            if (!timeout.isZero()) {
                client = client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            }
            return client.connect()
                    .onErrorMap(io.netty.channel.ConnectTimeoutException.class,
                            e -> new io.reactivenet.timeout.ConnectTimeoutException(timeout,
                                    String.valueOf(remote.get()), e))
                    .map(connection -> {
                        SocketImpl connected = socketOf(connection);
                        ready(connected, endpoint.isDomain(), socket);
                        connected.onClose().subscribe(v -> lease.dispose());
                        emitted.set(true);
                        return (NetSocket) connected;
                    })
                    .doOnError(e -> lease.dispose())
                    .doOnCancel(() -> {
                        // Reactor Netty closes a pending connect on cancel, but a connection that
                        // completes at that moment is dropped by its sink unclosed: close a
                        // connected channel ourselves (a pending one is Reactor Netty's to cancel;
                        // closing it here would only turn its cancel into a dropped error).
                        if (emitted.get()) {
                            return; // the socket is the caller's now: a late cancel must not close it
                        }
                        Channel channel = opened.get();
                        if (channel != null && channel.isActive()) {
                            channel.close();
                        }
                        lease.dispose();
                    })
                    .flatMap(Connector::secured)
                    // After every operator that may drop the socket on a cancel (flatMap included).
                    .doOnDiscard(SocketImpl.class, SocketImpl::destroy);
        }));
    }

    /** Node's {@code 'secureConnect'}: a TLS socket is handed out once its handshake is done. */
    public static <S extends NetSocket> Mono<S> secured(S socket) {
        return Tls.afterHandshake(socket.unwrap(), socket);
    }

    /** The name a TLS client checks when none is set: the host connected to, else Node's {@code "localhost"}. */
    private static String tlsHost(Supplier<? extends SocketAddress> remote) {
        return remote.get() instanceof InetSocketAddress isa ? isa.getHostString() : "localhost";
    }

    /**
     * One TCP connect attempt to {@code target} on {@code loops}, for {@link TcpDialer}: no
     * lease, no keep-alive ref, no connect timeout of its own (the caller bounds the sequence; zero
     * {@code timeout} leaves Netty's default). {@code onInit} sees the channel before it connects, so
     * the caller can close an attempt it no longer wants.
     */
    public static Mono<SocketImpl> attempt(InetSocketAddress target, @Nullable SocketAddress local, NetLoops loops,
            ConnectOptions options, Consumer<Channel> onInit) {
        return Mono.defer(() -> {
            ClientRecorder metrics = ClientRecorder.of(options.metrics(), false);
            TcpClient client = client(() -> target, local, false, loops.transport(), loops.resources(), options.socket(),
                    metrics.enabled() ? onInit.andThen(metrics::channelInit) : onInit, options.host());
            if (!options.timeout().isZero()) {
                client = client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0);
            }
            return client.connect().map(Connector::socketOf);
        });
    }

    /** Options every connected socket gets: keep-alive delay and idle timeout, then a process ref until close or unref(). */
    public static void ready(SocketImpl socket, boolean domain, SocketOptions options) {
        if (!domain && options.keepAlive() && !options.keepAliveInitialDelay().isZero()) {
            socket.setKeepAlive(true, options.keepAliveInitialDelay());
        }
        if (!options.idleTimeout().isZero()) {
            socket.setTimeout(options.idleTimeout());
        }
        socket.ref(); // given back when the socket closes, or on unref()
    }

    private static SocketImpl socketOf(Connection connection) {
        SocketImpl socket = SocketImpl.of(connection.channel());
        if (socket == null) {
            connection.dispose();
            throw new IllegalStateException("no socket installed on " + connection.channel());
        }
        return socket;
    }

    private static TcpClient client(Supplier<? extends SocketAddress> remote, @Nullable SocketAddress local,
            boolean domain, Transport transport, LoopResources loops, SocketOptions options, Consumer<Channel> onInit,
            String tlsHost) {
        TlsOptions tls = options.tls();
        int hwm = options.highWaterMark();
        TcpClient client = TcpClient.newConnection()
                .runOn(TransportSupport.resources(loops, transport), TransportSupport.preferNative(transport))
                .remoteAddress(remote)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(Math.max(1, hwm / 2), hwm))
                .doOnChannelInit((observer, channel, address) -> {
                    if (tls != null) {
                        Tls.installClient(channel, tls, tlsHost, address instanceof InetSocketAddress a ? a.getPort() : -1);
                    }
                    SocketImpl.install(channel, options.allowHalfOpen(), hwm, options.endGrace());
                    ChannelSetup.socket(channel, options);
                    onInit.accept(channel);
                });
        if (!domain) {
            client = client.option(ChannelOption.TCP_NODELAY, options.noDelay())
                    .option(ChannelOption.SO_KEEPALIVE, options.keepAlive());
        }
        if (local != null) {
            client = client.bindAddress(() -> local);
        }
        return client;
    }
}
