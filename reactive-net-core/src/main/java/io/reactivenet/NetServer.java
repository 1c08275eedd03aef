package io.reactivenet;

import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A server that is configured but not yet bound: Node's {@code net.createServer(options, listener)}
 * before {@code listen()}. Immutable and reusable: each {@code listen} binds a new server.
 *
 * <p><b>The handler model.</b> The handler is called once per accepted socket (Node's
 * {@code 'connection'} listener) and returns a {@code Publisher<Void>}: while it runs the socket
 * is the handler's; when it completes the socket is ended gracefully (pending writes flushed, FIN,
 * then closed once the peer ends or {@link ServerOptions#endGrace} passes); when it errors the
 * socket is destroyed with that error. An echo server is
 * {@code socket -> socket.send(socket.inbound())}: backpressured end to end, it completes when the
 * peer ends and every byte went back.
 *
 * <p>Nothing happens until the {@code Mono} returned by {@code listen} is subscribed; cancelling
 * it before it emits unbinds (Node's {@code signal}).
 */
public interface NetServer {


    /** The options this server was created with. */
    ServerOptions options();

    /** A copy of this server with another handler. */
    NetServer handle(Function<? super NetSocket, ? extends Publisher<Void>> handler);

    /** Binds as described; emits once listening (Node's {@code 'listening'}) or fails with EADDRINUSE, EACCES, EADDRNOTAVAIL. */
    Mono<ListeningServer> listen(ListenOptions options);

    /** Listens on {@code port} on every interface. Throws {@code ERR_SOCKET_BAD_PORT} outside 0..65535. */
    default Mono<ListeningServer> listen(int port) {
        return listen(ListenOptions.onPort(port));
    }

    /** Listens on {@code host:port}. */
    default Mono<ListeningServer> listen(int port, String host) {
        return listen(ListenOptions.onPort(port).host(host));
    }

    /** Listens on {@code host:port} with an accept queue of {@code backlog}. */
    default Mono<ListeningServer> listen(int port, String host, int backlog) {
        return listen(ListenOptions.onPort(port).host(host).backlog(backlog));
    }

    /** Listens on a free port on every interface. */
    default Mono<ListeningServer> listen() {
        return listen(ListenOptions.defaults());
    }
}
