package io.reactivenet.spring.boot.autoconfigure;

import io.reactivenet.spring.boot.ReactiveNetServerLifecycle;
import io.reactivenet.tls.KeyMaterial;
import io.reactivenet.tls.TlsOptions;
import io.reactivenet.tls.Trust;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * A Spring {@link SslBundle} as the server's {@link TlsOptions}, and the bundle-update handler that
 * hands a reloaded bundle to the running server.
 *
 * <p>What is taken from the bundle: its key managers (the certificate and key we present, with the
 * bundle's key alias and password already applied), its trust managers (for client certificates),
 * its enabled protocols and ciphers when set. Its SSL protocol ({@code "TLS"}) is not: the
 * enabled protocols decide, and default to TLS 1.3 and 1.2 as in Node.
 */
final class SslBundleTls {

    static final String BUNDLE_PROPERTY = ReactiveNetServerProperties.PREFIX + "ssl.bundle";

    private static final Log LOG = LogFactory.getLog(SslBundleTls.class);

    private SslBundleTls() {
    }

    /** {@code bundles}, or a clear start failure when the application has none. */
    static SslBundles require(@Nullable SslBundles bundles, String name) {
        if (bundles == null) {
            throw new InvalidConfigurationPropertyValueException(BUNDLE_PROPERTY, name,
                    "the application has no SslBundles bean (Spring Boot's SslAutoConfiguration makes one from spring.ssl.bundle.*)");
        }
        return bundles;
    }

    /** The bundle {@code name} of {@code bundles}; a clear start failure when there is no such bundle. */
    static SslBundle bundle(SslBundles bundles, String name) {
        try {
            return bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new InvalidConfigurationPropertyValueException(BUNDLE_PROPERTY, name,
                    "there is no SSL bundle named '" + name + "'; define one with spring.ssl.bundle.pem." + name
                            + ".* or spring.ssl.bundle.jks." + name + ".* (bundles defined: "
                            + bundles.getBundleNames() + ")");
        }
    }

    /**
     * {@code base} with the key material, trust, and (when the bundle sets them) protocols and
     * ciphers of {@code bundle}; fails when the bundle has no key store (a trust-only bundle).
     * Everything else of {@code base} (client auth, ALPN, handshake timeout, SNI) is kept, so that
     * a reloaded bundle changes only what the bundle decides.
     */
    static TlsOptions withBundle(TlsOptions base, SslBundle bundle, String name) {
        if (bundle.getStores().getKeyStore() == null) {
            throw new InvalidConfigurationPropertyValueException(BUNDLE_PROPERTY, name,
                    "the SSL bundle has no key store: a TLS server needs a certificate and its private key"
                            + " (spring.ssl.bundle.pem." + name + ".keystore.* or spring.ssl.bundle.jks." + name
                            + ".keystore.*)");
        }
        SslManagerBundle managers = bundle.getManagers();
        TlsOptions tls = base.keyMaterial(new KeyMaterial.Factory(managers.getKeyManagerFactory()))
                .trust(new Trust.Factory(managers.getTrustManagerFactory()));
        SslOptions options = bundle.getOptions();
        String[] protocols = options.getEnabledProtocols();
        if (protocols != null) {
            tls = tls.protocols(protocols);
        }
        String[] ciphers = options.getCiphers();
        if (ciphers != null) {
            tls = tls.ciphers(ciphers);
        }
        return tls;
    }

    /**
     * Registers the handler that applies an updated bundle {@code name} to {@code lifecycle}'s
     * server, over {@code configured} (the server's TLS settings once the customizers ran): new
     * connections get the new certificate, open ones keep theirs. An update that
     * cannot be applied (a half-written file that does not parse, a key that does not match) is
     * logged and the server keeps its previous settings. Runs on Spring's file-watcher thread.
     */
    static void reloadOnUpdate(SslBundles bundles, String name, TlsOptions configured,
            ReactiveNetServerLifecycle lifecycle) {
        bundles.addBundleUpdateHandler(name, updated -> {
            try {
                lifecycle.updateTls(withBundle(configured, updated, name)).subscribe(
                        swapped -> LOG.info("reactive-net server: SSL bundle '" + name + "' updated; new connections use it"),
                        e -> refused(name, e));
            } catch (RuntimeException e) {
                refused(name, e);
            }
        });
    }

    private static void refused(String name, Throwable e) {
        LOG.error("reactive-net server: the update of SSL bundle '" + name
                + "' was refused; the server keeps its previous certificate", e);
    }
}
