package io.reactivenet.internal.spi;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.SocketOptions;
import io.reactivenet.Transport;
import io.reactivenet.internal.Connector;
import io.reactivenet.internal.Errors;
import io.reactivenet.internal.ServerImpl;
import io.reactivenet.internal.TransportSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * What a sibling module may do with the core's machinery: connect, listen, map a transport error to
 * Node's code, and ask whether a transport can run. Everything else in {@code io.reactivenet.internal}
 * stays private to the core. Thread-safe; the Monos do nothing until subscribed.
 */
public final class Endpoints {

    private Endpoints() {
    }

    /** Connects to {@code endpoint}; emits the connected socket, configured by {@code socket}. */
    public static Mono<NetSocket> connect(ClientEndpoint endpoint, SocketOptions socket) {
        return Connector.open(endpoint, socket);
    }

    /** Binds a server on {@code endpoint}; the Mono emits once it is listening. */
    public static Mono<ListeningServer> listen(ServerOptions options,
            Function<? super NetSocket, ? extends Publisher<Void>> handler, ServerEndpoint endpoint) {
        return ServerImpl.listen(options, handler, endpoint);
    }

    /** The core's mapping of a transport failure to a {@link NetException} with Node's code. */
    public static NetException error(Throwable e, String syscall, @Nullable String address, int port) {
        return Errors.translate(e, syscall, address, port);
    }

    /** Node's error code for a transport failure ({@code "ECONNREFUSED"}, …; {@code "EUNKNOWN"} when none fits). */
    public static String code(Throwable e) {
        return Errors.codeOf(e);
    }

    /** Null when {@code transport} can run here, else the {@code ERR_FEATURE_UNAVAILABLE_ON_PLATFORM} error to signal. */
    public static @Nullable NetException unavailable(Transport transport) {
        return TransportSupport.unavailable(transport);
    }
}
