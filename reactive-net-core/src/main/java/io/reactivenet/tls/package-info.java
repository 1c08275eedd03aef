/**
 * TLS over reactive-net sockets (Node's {@code tls} module): {@link io.reactivenet.tls.TlsOptions}
 * configures a server ({@code ServerOptions.tls}) or a client ({@code ConnectOptions.tls}), over TCP
 * and Unix domain sockets alike; {@link io.reactivenet.tls.TlsSession} is what a handshake agreed on.
 *
 * <p>A package of its own, as {@code framing} and {@code timeout}: the TLS vocabulary (options, enums,
 * session, error codes) is several types that most users of plain sockets never need to see.
 */
@NullMarked
package io.reactivenet.tls;

import org.jspecify.annotations.NullMarked;
