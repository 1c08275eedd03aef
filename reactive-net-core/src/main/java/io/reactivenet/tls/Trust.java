package io.reactivenet.tls;

import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificate authorities a TLS peer accepts: the JDK's default set, a PEM bundle, a key
 * store, or a ready {@link TrustManagerFactory}.
 *
 * <p>Node counterpart: the {@code ca} option of {@code tls.createSecureContext} (Node's default is
 * its bundled Mozilla set; ours is the JDK's {@code cacerts}).
 */
public sealed interface Trust {

    /** The JDK's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore}). */
    record JdkDefault() implements Trust {
    }

    /** One or more PEM certificates ({@code -----BEGIN CERTIFICATE-----}), trusted as roots. */
    record Pem(String certificates) implements Trust {
        public Pem {
            Objects.requireNonNull(certificates, "certificates");
        }
    }

    /** The trusted certificate entries of a key store (PKCS#12 or JKS). */
    record Store(KeyStore keyStore) implements Trust {
        public Store {
            Objects.requireNonNull(keyStore, "keyStore");
        }
    }

    /** A ready {@link TrustManagerFactory}, already initialised. */
    record Factory(TrustManagerFactory factory) implements Trust {
        public Factory {
            Objects.requireNonNull(factory, "factory");
        }
    }
}
