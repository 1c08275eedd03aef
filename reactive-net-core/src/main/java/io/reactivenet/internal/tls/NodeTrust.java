package io.reactivenet.internal.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * A trust manager that checks as the JDK's does, then says what went wrong in Node's words
 * ({@code DEPTH_ZERO_SELF_SIGNED_CERT}, {@code CERT_HAS_EXPIRED}, {@code UNABLE_TO_VERIFY_LEAF_SIGNATURE}…),
 * and on a client checks the server's name as Node's {@code tls.checkServerIdentity} does
 * ({@code ERR_TLS_CERT_ALTNAME_INVALID}). The JDK's own endpoint identification is left off so
 * that this one check, with Node's message, decides.
 *
 * <p>Thread-safe (stateless beyond its configuration); called on the event loop during handshakes.
 */
final class NodeTrust extends X509ExtendedTrustManager {

    private final @Nullable X509TrustManager delegate; // null: accept any chain (rejectUnauthorized=false)
    private final boolean verifyHostname;

    NodeTrust(@Nullable X509TrustManager delegate, boolean verifyHostname) {
        this.delegate = delegate;
        this.verifyHostname = verifyHostname;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (delegate == null) {
            return;
        }
        verify(chain, () -> delegate.checkServerTrusted(chain, authType));
        String host = engine.getPeerHost();
        if (verifyHostname && host != null) {
            checkServerIdentity(host, chain[0]);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (delegate != null) {
            verify(chain, () -> delegate.checkClientTrusted(chain, authType));
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (delegate != null) {
            verify(chain, () -> delegate.checkClientTrusted(chain, authType));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (delegate != null) {
            verify(chain, () -> delegate.checkServerTrusted(chain, authType));
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
    }

    private interface Check {
        void run() throws CertificateException;
    }

    /** Runs the JDK's check; on failure, names the reason as OpenSSL's verify does, in its order. */
    private static void verify(X509Certificate[] chain, Check check) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            if (chain.length == 0) {
                throw e;
            }
            X509Certificate leaf = chain[0];
            if (chain.length == 1 && selfSigned(leaf)) {
                throw new TlsCertificateException("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate", e);
            }
            try {
                leaf.checkValidity();
            } catch (CertificateExpiredException expired) {
                throw new TlsCertificateException("CERT_HAS_EXPIRED", "certificate has expired", e);
            } catch (CertificateNotYetValidException early) {
                throw new TlsCertificateException("CERT_NOT_YET_VALID", "certificate is not yet valid", e);
            }
            if (chain.length > 1 && selfSigned(chain[chain.length - 1])) {
                throw new TlsCertificateException("SELF_SIGNED_CERT_IN_CHAIN",
                        "self-signed certificate in certificate chain", e);
            }
            if (chain.length == 1) {
                throw new TlsCertificateException("UNABLE_TO_VERIFY_LEAF_SIGNATURE",
                        "unable to verify the first certificate", e);
            }
            throw new TlsCertificateException("UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
                    "unable to get local issuer certificate", e);
        }
    }

    private static boolean selfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Node's {@code tls.checkServerIdentity(hostname, cert)}, with its messages. */
    static void checkServerIdentity(String host, X509Certificate cert) throws CertificateException {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    Object value = san.get(1);
                    if (Integer.valueOf(2).equals(type) && value instanceof String name) {
                        dns.add(name);
                        shown.add("DNS:" + name);
                    } else if (Integer.valueOf(7).equals(type) && value instanceof String ip) {
                        ips.add(ip);
                        shown.add("IP Address:" + ip);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new TlsCertificateException("ERR_TLS_CERT_ALTNAME_INVALID", String.valueOf(e.getMessage()), e);
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String reason;
        if (io.reactivenet.internal.address.IpAddresses.isIP(bare) != 0) {
            if (ips.stream().anyMatch(ip -> sameIp(ip, bare))) {
                return;
            }
            reason = "IP: " + bare + " is not in the cert's list: " + String.join(", ", ips);
        } else {
            String cn = commonName(cert.getSubjectX500Principal());
            if (!dns.isEmpty()) {
                if (dns.stream().anyMatch(pattern -> matches(pattern, bare))) {
                    return;
                }
                reason = "Host: " + bare + ". is not in the cert's altnames: " + String.join(", ", shown);
            } else if (cn != null && ips.isEmpty()) {
                if (matches(cn, bare)) {
                    return;
                }
                reason = "Host: " + bare + ". is not cert's CN: " + cn;
            } else {
                reason = "Cert does not contain a DNS name";
            }
        }
        throw new TlsCertificateException("ERR_TLS_CERT_ALTNAME_INVALID",
                "Hostname/IP does not match certificate's altnames: " + reason);
    }

    private static boolean sameIp(String a, String b) {
        try {
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return false; // both are literals: no lookup happens
        }
    }

    /** A certificate name pattern against a host: exact, or a {@code *} that stands for the whole first label. */
    static boolean matches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1)) && p.indexOf('.', 2) > 0;
        }
        return p.equals(h);
    }

    private static @Nullable String commonName(X500Principal principal) {
        for (String part : principal.getName(X500Principal.RFC2253).split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return null;
    }
}
