package io.reactivenet.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.reactivenet.BlockList;
import io.reactivenet.ConnectOptions;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.SocketOptions;
import io.reactivenet.Transport;
import io.reactivenet.internal.spi.ClientEndpoint;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

/**
 * Client connects: the entry point ({@link #connect(ConnectOptions)}, which hands over to
 * {@link HappyEyeballs}), single attempts, and {@link #open} for domain sockets (the IPC module).
 */
public final class Connector {

    private Connector() {
    }

    /**
     * Node's {@code net.connect(options)}: looks the host up, then connects to the first address or,
     * with {@code autoSelectFamily}, races the addresses (see {@link HappyEyeballs}).
     */
    public static Mono<NetSocket> connect(ConnectOptions options) {
        Objects.requireNonNull(options, "options");
        if (options.port() == 0) {
            throw new NetArgumentException(NetArgumentException.ERR_SOCKET_BAD_PORT,
                    "Port should be > 0 and < 65536. Received 0.");
        }
        return HappyEyeballs.connect(options);
    }

    /** Resolves {@code host} off the event loops; IP literals need no lookup. Filters by family (0, 4, 6). */
    public static Mono<List<InetAddress>> lookup(String host, int family) {
        Mono<InetAddress[]> all = isLiteral(host)
                ? Mono.fromCallable(() -> InetAddress.getAllByName(host))
                : Mono.fromCallable(() -> InetAddress.getAllByName(host)).subscribeOn(Schedulers.boundedElastic());
        return all
                .onErrorMap(UnknownHostException.class, e -> new NetException(NetException.ENOTFOUND,
                        "getaddrinfo ENOTFOUND " + host, "getaddrinfo", host, -1, e))
                .flatMap(found -> {
                    List<InetAddress> matching = Arrays.stream(found)
                            .filter(a -> family == 0 || (family == 4 ? a instanceof Inet4Address : a instanceof Inet6Address))
                            .toList();
                    if (matching.isEmpty()) {
                        return Mono.error(new NetException(NetException.ENOTFOUND,
                                "getaddrinfo ENOTFOUND " + host + " (no IPv" + family + " address)", "getaddrinfo",
                                host, -1, null));
                    }
                    return Mono.just(matching);
                });
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** One connect attempt to a resolved address, with the options' blocklist, timeout and socket options. */
    public static Mono<NetSocket> connect(InetSocketAddress target, ConnectOptions options) {
        BlockList blockList = options.blockList();
        if (blockList != null && blockList.check(target.getAddress())) {
            String ip = target.getAddress().getHostAddress();
            return Mono.error(new NetException(NetException.ERR_IP_BLOCKED, "IP(" + ip + ") is blocked by net.BlockList",
                    "connect", ip, target.getPort(), null));
        }
        InetSocketAddress local = null;
        if (options.localAddress() != null || options.localPort() != 0) {
            try {
                local = options.localAddress() != null
                        ? new InetSocketAddress(InetAddress.getByName(options.localAddress()), options.localPort())
                        : new InetSocketAddress(options.localPort());
            } catch (UnknownHostException e) {
                return Mono.error(Errors.translate(e, "bind", options.localAddress(), options.localPort()));
            }
        }
        return open(ClientEndpoint.tcp(() -> target).local(local).timeout(options.timeout()), options.socket())
                .onErrorMap(e -> Errors.translate(e, "connect", target.getAddress().getHostAddress(), target.getPort()));
    }

    /**
     * Opens a connection to {@code endpoint} (TCP or a domain socket) and installs a socket on it,
     * configured by {@code socket}. The IPC module calls this through {@code spi.Endpoints}.
     */
    public static Mono<NetSocket> open(ClientEndpoint endpoint, SocketOptions socket) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(socket, "socket");
        return Mono.defer(() -> {
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
                    opened::set);
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
                    .doOnDiscard(SocketImpl.class, SocketImpl::destroy);
        });
    }

    /**
     * One TCP connect attempt to {@code target} on {@code loops}, for {@link HappyEyeballs}: no
     * lease, no keep-alive ref, no connect timeout of its own (the caller bounds the sequence; zero
     * {@code timeout} leaves Netty's default). {@code onInit} sees the channel before it connects, so
     * the caller can close an attempt it no longer wants.
     */
    static Mono<SocketImpl> attempt(InetSocketAddress target, @Nullable SocketAddress local, NetLoops loops,
            ConnectOptions options, Consumer<Channel> onInit) {
        return Mono.defer(() -> {
            TcpClient client = client(() -> target, local, false, loops.transport(), loops.resources(), options.socket(),
                    onInit);
            if (!options.timeout().isZero()) {
                client = client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0);
            }
            return client.connect().map(Connector::socketOf);
        });
    }

    /** Options every connected socket gets: keep-alive delay and idle timeout, then a keep-alive ref until close. */
    static void ready(SocketImpl socket, boolean domain, SocketOptions options) {
        if (!domain && options.keepAlive() && !options.keepAliveInitialDelay().isZero()) {
            socket.setKeepAlive(true, options.keepAliveInitialDelay());
        }
        if (!options.idleTimeout().isZero()) {
            socket.setTimeout(options.idleTimeout());
        }
        ProcessRef.ref();
        socket.onClose().subscribe(v -> ProcessRef.unref());
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
            boolean domain, Transport transport, LoopResources loops, SocketOptions options, Consumer<Channel> onInit) {
        int hwm = options.highWaterMark();
        TcpClient client = TcpClient.newConnection()
                .runOn(loops, TransportSupport.preferNative(transport))
                .remoteAddress(remote)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(Math.max(1, hwm / 2), hwm))
                .doOnChannelInit((observer, channel, address) -> {
                    SocketImpl.install(channel, options.allowHalfOpen(), hwm, options.endGrace());
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
