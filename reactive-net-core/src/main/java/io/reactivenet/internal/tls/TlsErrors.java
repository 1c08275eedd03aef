package io.reactivenet.internal.tls;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.reactivenet.NetException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Handshake failures as Node reports them: the certificate codes {@link NodeTrust} found,
 * {@code ERR_TLS_HANDSHAKE_TIMEOUT}, {@code ECONNRESET} for a peer gone mid-handshake, and
 * OpenSSL's {@code ERR_SSL_*} names for alerts the peer sent.
 */
public final class TlsErrors {

    public static final String ERR_TLS_HANDSHAKE_TIMEOUT = "ERR_TLS_HANDSHAKE_TIMEOUT";
    /** Ours: a handshake failure none of Node's codes describes more precisely. */
    public static final String ERR_SSL_HANDSHAKE_FAILURE = "ERR_SSL_HANDSHAKE_FAILURE";

    private TlsErrors() {
    }

    /** {@code cause} (from a failed handshake) as a {@link NetException} with Node's code. */
    public static NetException translate(Throwable cause, @Nullable String address, int port) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof NetException n) {
                return n;
            }
            if (t instanceof TlsCertificateException c) {
                return new NetException(c.code, String.valueOf(c.getMessage()), null, address, port, cause);
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return new NetException(ERR_TLS_HANDSHAKE_TIMEOUT, "TLS handshake timeout", null, address, port, cause);
            }
            if (t instanceof ClosedChannelException || closedMidHandshake(t)) {
                return new NetException(NetException.ECONNRESET,
                        "Client network socket disconnected before secure TLS connection was established",
                        null, address, port, cause);
            }
        }
        String message = String.valueOf(cause.getMessage());
        return new NetException(alertCode(message), message, null, address, port, cause);
    }

    private static boolean closedMidHandshake(Throwable t) {
        String m = t.getMessage();
        return m != null && (m.contains("Connection closed while SSL/TLS handshake") || m.contains("SSLEngine closed already"));
    }

    /** OpenSSL's name for an alert the peer sent, as Node's {@code err.code}. */
    private static String alertCode(String message) {
        String m = message.toLowerCase(Locale.ROOT).replace(' ', '_');
        if (m.contains("certificate_required")) {
            return "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED";
        }
        if (m.contains("unknown_ca")) {
            return "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA";
        }
        if (m.contains("bad_certificate")) {
            return "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE";
        }
        if (m.contains("certificate_unknown")) {
            return "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN";
        }
        if (m.contains("protocol_version")) {
            return "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION";
        }
        if (m.contains("no_application_protocol")) {
            return "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL";
        }
        if (m.contains("handshake_failure")) {
            return "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE";
        }
        return ERR_SSL_HANDSHAKE_FAILURE;
    }
}
