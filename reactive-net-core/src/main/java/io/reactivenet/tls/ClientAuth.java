package io.reactivenet.tls;

/**
 * Whether a TLS server asks its clients for a certificate (mutual TLS).
 *
 * <p>Node counterpart: {@code requestCert} / {@code rejectUnauthorized} of {@code tls.createServer}:
 * {@link #NONE} is {@code requestCert: false}, {@link #OPTIONAL} is {@code requestCert: true,
 * rejectUnauthorized: false} (but a certificate that is sent must verify), {@link #REQUIRE} is
 * {@code requestCert: true, rejectUnauthorized: true}.
 */
public enum ClientAuth {
    /** No client certificate is requested. */
    NONE,
    /** A client certificate is requested; a client without one still connects. */
    OPTIONAL,
    /** A client certificate is required; a client without one fails its handshake. */
    REQUIRE
}
