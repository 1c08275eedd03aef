package io.reactivenet.proxy;

import io.reactivenet.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * What a PROXY protocol header said about a connection, and who sent it: {@code NetSocket.proxy()}
 * on a server socket accepted with {@link ProxyProtocol#ON} or {@link ProxyProtocol#AUTO}.
 *
 * <p>Node counterpart: none. An immutable value, safe to share across threads.
 *
 * @param version 1 (text header) or 2 (binary header)
 * @param source the client as the balancer saw it, which is also {@code socket.remote()}; null for a
 *     {@code LOCAL} header (the balancer's own health check) or an {@code UNKNOWN}/Unix-socket client,
 *     in which case {@code socket.remote()} stays the connection's peer
 * @param destination the address the client connected to on the balancer; null when {@code source} is
 * @param balancer the peer of the TCP connection, i.e. the balancer; null when it reached us through a
 *     Unix socket (then {@link #balancerPath()} names the socket)
 * @param balancerPath the Unix socket the balancer connected to, or null for TCP
 */
public record ProxyHeader(int version, @Nullable SocketAddress source, @Nullable SocketAddress destination,
        @Nullable SocketAddress balancer, @Nullable String balancerPath) {
}
