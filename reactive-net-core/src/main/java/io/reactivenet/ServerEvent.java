package io.reactivenet;

import org.jspecify.annotations.Nullable;

/**
 * What a listening server reports on {@link ListeningServer#events()}: Node's {@code net.Server}
 * events as values.
 *
 * <p>Node counterpart: {@code 'listening'}, {@code 'connection'}, {@code 'drop'}, {@code 'error'},
 * {@code 'close'}, plus {@link Blocked} (Node drops blocked peers silently).
 */
public sealed interface ServerEvent {

    /** Node's {@code 'listening'}: the server is bound. */
    record Listening(@Nullable SocketAddress address) implements ServerEvent {
    }

    /** Node's {@code 'connection'}: a socket was accepted and handed to the handler. */
    record Connection(NetSocket socket) implements ServerEvent {
    }

    /**
     * Node's {@code 'drop'}: a connection beyond {@code maxConnections} was accepted and closed at once.
     * The fields are those of Node's drop event object.
     */
    record Drop(@Nullable String localAddress, int localPort, @Nullable String localFamily,
            @Nullable String remoteAddress, int remotePort, @Nullable String remoteFamily) implements ServerEvent {
    }

    /** A peer rejected by the server's {@link BlockList} at accept, before any byte was read. */
    record Blocked(SocketAddress remote) implements ServerEvent {
    }

    /**
     * Node's {@code 'tlsClientError'}: a TLS handshake with {@code remote} failed (bad or missing
     * client certificate, timeout, peer gone); the connection was closed and the handler never saw it.
     * {@code remote} is null on a Unix domain socket.
     */
    record TlsClientError(@org.jspecify.annotations.Nullable SocketAddress remote, Throwable error)
            implements ServerEvent {
    }

    /** Node's {@code 'error'} on a server: an error that did not belong to a single socket. */
    record Error(Throwable error) implements ServerEvent {
    }

    /** Node's {@code 'close'}: the server stopped and every socket it accepted has closed. */
    record Close() implements ServerEvent {
    }
}
