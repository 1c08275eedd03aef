package io.reactivenet.internal.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.reactivenet.NetException;
import io.reactivenet.tls.KeyMaterial;
import io.reactivenet.tls.TlsOptions;
import io.reactivenet.tls.TlsProvider;
import io.reactivenet.tls.Trust;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Turns {@link TlsOptions} into Netty {@link SslContext}s. A context is built once per options
 * value and side, and cached (weakly, by identity) so that every connect with the same options
 * shares one, as Reactor Netty's {@code SslProvider} does: building one parses keys and
 * certificates and costs milliseconds. Failures (bad PEM, wrong password, missing provider) are
 * {@link NetException}s with code {@code ERR_TLS_INVALID_CONTEXT} or
 * {@code ERR_TLS_PROVIDER_UNAVAILABLE}. Thread-safe.
 */
public final class TlsContexts {

    public static final String ERR_TLS_INVALID_CONTEXT = "ERR_TLS_INVALID_CONTEXT";
    public static final String ERR_TLS_PROVIDER_UNAVAILABLE = "ERR_TLS_PROVIDER_UNAVAILABLE";

    private static final Map<TlsOptions, SslContext> CLIENTS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<TlsOptions, SslContext> SERVERS = Collections.synchronizedMap(new WeakHashMap<>());

    private TlsContexts() {
    }

    /** The client context for {@code options} (built on first use). */
    public static SslContext client(TlsOptions options) {
        SslContext cached = CLIENTS.get(options);
        if (cached == null) {
            cached = build(options, false, options.keyMaterial());
            CLIENTS.put(options, cached);
        }
        return cached;
    }

    /** The server context for {@code options}; throws when it has no key material. */
    public static SslContext server(TlsOptions options) {
        SslContext cached = SERVERS.get(options);
        if (cached == null) {
            KeyMaterial key = options.keyMaterial();
            if (key == null) {
                throw new NetException(ERR_TLS_INVALID_CONTEXT, "A TLS server needs key material: TlsOptions.keyMaterial is not set");
            }
            cached = build(options, true, key);
            SERVERS.put(options, cached);
        }
        return cached;
    }

    /** A server context for another certificate with the rest of {@code options} (SNI). */
    static SslContext server(TlsOptions options, KeyMaterial key) {
        return build(options, true, key);
    }

    /** The provider {@code AUTO} stands for here: OpenSSL when its native library loads. */
    public static SslProvider provider(TlsProvider provider) {
        return switch (provider) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new NetException(ERR_TLS_PROVIDER_UNAVAILABLE,
                            "TlsProvider.OPENSSL needs netty-tcnative-boringssl-static on the class path: "
                                    + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    private static SslContext build(TlsOptions options, boolean server, @org.jspecify.annotations.Nullable KeyMaterial key) {
        SslProvider provider = provider(options.provider());
        try {
            SslContextBuilder b;
            if (server) {
                if (key instanceof KeyMaterial.Pem p) {
                    b = SslContextBuilder.forServer(stream(p.certificateChain()), stream(p.privateKey()), p.password());
                } else if (key instanceof KeyMaterial.Store s) {
                    b = SslContextBuilder.forServer(keyManagers(s));
                } else if (key instanceof KeyMaterial.Factory f) {
                    b = SslContextBuilder.forServer(f.factory());
                } else {
                    throw new IllegalStateException("no key material");
                }
                b.clientAuth(switch (options.clientAuth()) {
                    case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
                    case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
                    case REQUIRE -> io.netty.handler.ssl.ClientAuth.REQUIRE;
                });
                b.trustManager(trustManager(options.trust(), true, false));
            } else {
                b = SslContextBuilder.forClient();
                if (key instanceof KeyMaterial.Pem p) {
                    b.keyManager(stream(p.certificateChain()), stream(p.privateKey()), p.password());
                } else if (key instanceof KeyMaterial.Store s) {
                    b.keyManager(keyManagers(s));
                } else if (key instanceof KeyMaterial.Factory f) {
                    b.keyManager(f.factory());
                }
                // Node's checkServerIdentity runs in NodeTrust, with Node's message; not the JDK's.
                b.endpointIdentificationAlgorithm(null);
                b.trustManager(trustManager(options.trust(), options.rejectUnauthorized(), options.verifyHostname()));
            }
            b.sslProvider(provider).protocols(options.protocols());
            if (options.ciphers() != null) {
                b.ciphers(options.ciphers());
            }
            if (!options.alpn().isEmpty()) {
                b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, options.alpn()));
            }
            return b.build();
        } catch (NetException e) {
            throw e;
        } catch (Exception e) {
            throw new NetException(ERR_TLS_INVALID_CONTEXT, "Invalid TLS " + (server ? "server" : "client")
                    + " settings: " + e.getMessage(), e);
        }
    }

    private static ByteArrayInputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static KeyManagerFactory keyManagers(KeyMaterial.Store s) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(s.keyStore(), s.password());
        return kmf;
    }

    /** Our Node-speaking trust manager around the one {@code trust} describes. */
    private static TrustManager trustManager(Trust trust, boolean verify, boolean verifyHostname)
            throws GeneralSecurityException, java.io.IOException {
        if (!verify) {
            return new NodeTrust(null, false);
        }
        TrustManagerFactory tmf;
        if (trust instanceof Trust.Factory f) {
            tmf = f.factory();
        } else {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trust instanceof Trust.Store s) {
                tmf.init(s.keyStore());
            } else if (trust instanceof Trust.Pem p) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(stream(p.certificates()))) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new java.security.cert.CertificateException("no certificate in the PEM trust bundle");
                }
                tmf.init(ks);
            } else {
                tmf.init((KeyStore) null);
            }
        }
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return new NodeTrust(x, verifyHostname);
            }
        }
        throw new GeneralSecurityException("the trust manager factory has no X509TrustManager");
    }
}
