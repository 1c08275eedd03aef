package io.reactivenet.internal.tls;

import java.security.cert.CertificateException;

/**
 * A certificate check that failed, with the code Node (OpenSSL) reports for it. Thrown from
 * {@link NodeTrust} inside the handshake; {@link TlsErrors} finds it in the handshake's cause chain.
 */
final class TlsCertificateException extends CertificateException {

    private static final long serialVersionUID = 1L;

    final String code;

    TlsCertificateException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    TlsCertificateException(String code, String message) {
        super(message);
        this.code = code;
    }
}
