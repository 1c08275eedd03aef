package io.reactivenet.spring.boot;

import io.reactivenet.NetSocket;
import org.reactivestreams.Publisher;

/**
 * The connection handler of the application's TCP server, as a bean: declaring one (and setting
 * {@code reactive-net.server.port}) is what makes the auto-configuration start a server.
 *
 * <p>Node counterpart: the {@code 'connection'} listener of {@code net.createServer(listener)}.
 * Same contract as the handler of {@link io.reactivenet.Net#createServer}: called once per accepted
 * socket on the socket's event loop (never block in it); the socket is the handler's until the
 * returned publisher terminates; completion ends the socket gracefully, an error destroys it.
 * Backpressure is the socket's: {@link NetSocket#send} writes only while the socket is writable.
 *
 * <pre>{@code
 * @Bean
 * NetServerHandler echo() {
 *     return socket -> socket.send(socket.inbound());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface NetServerHandler {

    /** Serves one accepted socket; the returned publisher's termination ends it. */
    Publisher<Void> handle(NetSocket socket);
}
