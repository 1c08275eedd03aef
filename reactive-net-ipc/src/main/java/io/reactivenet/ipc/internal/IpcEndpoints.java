package io.reactivenet.ipc.internal;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.reactivenet.ListeningServer;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.internal.spi.ClientEndpoint;
import io.reactivenet.internal.spi.Endpoints;
import io.reactivenet.internal.spi.ServerEndpoint;
import io.reactivenet.ipc.IpcConnectOptions;
import io.reactivenet.ipc.IpcListenOptions;
import io.reactivenet.ipc.PeerCredentials;
import java.io.IOException;
import java.net.SocketAddress;
import jdk.net.UnixDomainPrincipal;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Binds and connects Unix domain sockets through the core's {@link Endpoints} SPI. */
public final class IpcEndpoints {

    private IpcEndpoints() {
    }

    /** Binds an IPC server: stale check, bind, mode; the file is removed when the server closes. */
    public static Mono<ListeningServer> listen(ServerOptions options,
            Function<? super NetSocket, ? extends Publisher<Void>> handler, IpcListenOptions listen) {
        Objects.requireNonNull(listen, "options");
        boolean isAbstract = listen.isAbstract();
        Transport transport = Transports.resolve(listen.transport(), isAbstract);
        SocketPaths.checkForTransport(listen.name(), transport != Transport.NIO);
        return Mono.defer(() -> {
            NetException unavailable = Transports.unavailable(transport, isAbstract);
            if (unavailable != null) {
                return Mono.error(unavailable);
            }
            String name = listen.name();
            SocketAddress address = Transports.address(name, transport);
            ServerEndpoint endpoint = ServerEndpoint.domain(() -> address, name)
                    .backlog(listen.backlog())
                    .transport(transport);
            if (transport == Transport.NIO) {
                endpoint = endpoint.channels(HalfClosingNioLoops::wrap);
            }
            Path file = isAbstract ? null : Path.of(name);
            if (file != null) {
                endpoint = endpoint.afterUnbind(() -> SocketFiles.delete(file))
                        .beforeBind(() -> Mono.<Void>fromRunnable(() -> SocketFiles.prepareBind(file, listen.removeStale()))
                                .subscribeOn(Schedulers.boundedElastic()));
            }
            Mono<ListeningServer> bound = Endpoints.listen(options, handler, endpoint)
                    .onErrorMap(e -> translate(e, "listen", SocketPaths.printable(name)));
            if (file == null || (listen.mode() == null && !listen.readableAll() && !listen.writableAll())) {
                return bound;
            }
            return bound.flatMap(server -> Mono
                    .<ListeningServer>fromCallable(() -> {
                        SocketFiles.chmod(file, listen.mode(), listen.readableAll(), listen.writableAll());
                        return server;
                    })
                    .subscribeOn(Schedulers.boundedElastic())
                    .onErrorResume(e -> server.closeNow().then(Mono.error(e))));
        });
    }

    /** Connects to an IPC server; errors carry Node's codes (ENOENT, ECONNREFUSED, EACCES). */
    public static Mono<NetSocket> connect(IpcConnectOptions options) {
        Objects.requireNonNull(options, "options");
        boolean isAbstract = options.isAbstract();
        Transport transport = Transports.resolve(options.transport(), isAbstract);
        SocketPaths.checkForTransport(options.name(), transport != Transport.NIO);
        return Mono.defer(() -> {
            NetException unavailable = Transports.unavailable(transport, isAbstract);
            if (unavailable != null) {
                return Mono.error(unavailable);
            }
            String name = options.name();
            SocketAddress address = Transports.address(name, transport);
            ClientEndpoint endpoint = ClientEndpoint.domain(() -> address)
                    .transport(transport)
                    .timeout(options.timeout());
            if (transport == Transport.NIO) {
                endpoint = endpoint.channels(HalfClosingNioLoops::wrap);
            }
            return Endpoints.connect(endpoint, options.socket())
                    .onErrorMap(e -> translate(e, "connect", SocketPaths.printable(name)));
        });
    }

    /**
     * Node's codes for domain socket failures. Netty's epoll transport reports ENOENT as a bare
     * {@code FileNotFoundException} (no message), which the core's message-based mapping cannot
     * place; the JDK's file exceptions are mapped here too.
     */
    static NetException translate(Throwable e, String syscall, String shown) {
        String code = null;
        for (Throwable c = e; c != null && code == null; c = c.getCause()) {
            if (c instanceof java.io.FileNotFoundException || c instanceof java.nio.file.NoSuchFileException) {
                code = NetException.ENOENT;
            } else if (c instanceof java.nio.file.AccessDeniedException) {
                code = NetException.EACCES;
            }
        }
        if (e instanceof NetException n && (code == null || !"EUNKNOWN".equals(n.code()))) {
            return n;
        }
        if (code == null) {
            return Endpoints.error(e, syscall, shown, -1);
        }
        Throwable cause = e instanceof NetException && e.getCause() != null ? e.getCause() : e;
        return new NetException(code, syscall + " " + code + " " + shown, syscall, shown, -1, cause);
    }

    /** SO_PEERCRED of a Unix domain socket, in whatever detail its transport gives. */
    public static Optional<PeerCredentials> peerCredentials(NetSocket socket) {
        Objects.requireNonNull(socket, "socket");
        Channel channel = socket.unwrap();
        if (!channel.isOpen()) {
            return Optional.empty();
        }
        try {
            if (channel instanceof EpollDomainSocketChannel epoll) {
                io.netty.channel.unix.PeerCredentials c = epoll.peerCredentials();
                int[] gids = c.gids();
                return Optional.of(new PeerCredentials(c.pid(), c.uid(), gids.length > 0 ? gids[0] : PeerCredentials.UNKNOWN,
                        null, null));
            }
            if (channel instanceof NioDomainSocketChannel || channel instanceof HalfClosingNioDomainSocketChannel) {
                UnixDomainPrincipal p = channel instanceof HalfClosingNioDomainSocketChannel h ? h.peerPrincipal()
                        : channel.config().getOption(NioChannelOption.of(ExtendedSocketOptions.SO_PEERCRED));
                if (p == null) {
                    return Optional.empty();
                }
                return Optional.of(new PeerCredentials(PeerCredentials.UNKNOWN, PeerCredentials.UNKNOWN,
                        PeerCredentials.UNKNOWN, p.user().getName(), p.group().getName()));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
