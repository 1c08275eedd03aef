package io.reactivenet.tls;

/**
 * Which TLS implementation runs the handshakes and the record layer.
 *
 * <p>{@link #OPENSSL} is BoringSSL through {@code netty-tcnative-boringssl-static}, an optional
 * dependency: put it on the class path to use it. {@link #AUTO} takes it when it is there and
 * falls back to the JDK's {@code SSLEngine} otherwise, as Reactor Netty and Vert.x do.
 */
public enum TlsProvider {
    /** OpenSSL (BoringSSL) when available, else the JDK. */
    AUTO,
    /** The JDK's {@code SSLEngine}. */
    JDK,
    /** BoringSSL via netty-tcnative; fails at listen/connect with {@code ERR_TLS_PROVIDER_UNAVAILABLE} when absent. */
    OPENSSL
}
