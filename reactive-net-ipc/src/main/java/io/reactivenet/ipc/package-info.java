/**
 * Unix domain socket endpoints: Node's {@code server.listen(path)} and {@code net.connect({path})}.
 *
 * <p>{@link io.reactivenet.ipc.Ipc} is the entry point. Servers and sockets are the core's
 * {@link io.reactivenet.ListeningServer} and {@link io.reactivenet.NetSocket}, so framing, timeouts
 * and backpressure work as over TCP. This package adds what only a socket file has: its lifecycle
 * (stale files, removal on close, the platform's path length limit), its permissions, Linux
 * abstract names and the peer's credentials. Linux and macOS; Windows named pipes are out of scope.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.ipc;
