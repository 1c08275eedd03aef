package io.reactivenet.tls;

import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A certificate chain and its private key: what a TLS server presents (and a client, for mutual
 * TLS). One of three sources, each a record.
 *
 * <p>Node counterpart: the {@code cert} / {@code key} / {@code passphrase} (PEM) and {@code pfx}
 * (PKCS#12) options of {@code tls.createSecureContext}. Immutable and thread-safe, as far as the
 * JDK objects it wraps are (a {@code KeyStore} must not be changed after it is handed over).
 */
public sealed interface KeyMaterial {

    /**
     * PEM text: a certificate chain (leaf first) and a PKCS#8 private key, encrypted when
     * {@code password} is not null ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}).
     */
    record Pem(String certificateChain, String privateKey, @Nullable String password) implements KeyMaterial {
        public Pem {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            return "Pem[key hidden]"; // never print a private key
        }
    }

    /** A PKCS#12 or JKS key store holding one private key entry, and the key's password. */
    record Store(KeyStore keyStore, char[] password) implements KeyMaterial {
        public Store {
            Objects.requireNonNull(keyStore, "keyStore");
            password = password.clone();
        }

        @Override
        public char[] password() {
            return password.clone();
        }

        @Override
        public String toString() {
            return "Store[" + keyStore.getType() + "]";
        }
    }

    /** A ready {@link KeyManagerFactory}, already initialised. */
    record Factory(KeyManagerFactory factory) implements KeyMaterial {
        public Factory {
            Objects.requireNonNull(factory, "factory");
        }
    }
}
