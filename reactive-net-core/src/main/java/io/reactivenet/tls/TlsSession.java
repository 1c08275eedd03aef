package io.reactivenet.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a completed TLS handshake agreed on, as seen from one side.
 *
 * <p>Node counterpart: {@code tlsSocket.getProtocol()}, {@code getCipher().standardName},
 * {@code getPeerX509Certificate()} (here the whole chain, leaf first), {@code alpnProtocol} and
 * {@code servername}.
 *
 * @param protocol the protocol version, e.g. {@code "TLSv1.3"}
 * @param cipherSuite the IANA cipher suite name, e.g. {@code "TLS_AES_128_GCM_SHA256"}
 * @param peerCertificates the peer's chain, leaf first; empty when the peer sent none
 * @param alpnProtocol the ALPN protocol both sides agreed on, or null when none was negotiated
 * @param serverName the SNI host name: the one the client sent (server side) or asked for (client
 *     side); null when there was none (e.g. connecting to an IP address)
 */
public record TlsSession(String protocol, String cipherSuite, List<X509Certificate> peerCertificates,
        @Nullable String alpnProtocol, @Nullable String serverName) {

    public TlsSession {
        peerCertificates = List.copyOf(peerCertificates);
    }
}
