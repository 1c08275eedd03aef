package io.reactivenet.tls;

import io.reactivenet.NetArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * TLS settings of a server or a client. Immutable: every setter checks its argument and returns a
 * changed copy, so one value may be shared by servers, connects and threads. A server needs
 * {@link #keyMaterial()}; a client needs nothing (it trusts the JDK's default authorities and
 * checks the server's name). Key material and trust are turned into an {@code SslContext} once per
 * listen or connect (and per {@code updateTls}); a bad PEM fails there, not here.
 *
 * <p>Node counterpart: the options of {@code tls.createServer} / {@code tls.connect} /
 * {@code tls.createSecureContext}: {@code cert}+{@code key}+{@code passphrase} or {@code pfx}
 * ({@link #keyMaterial}), {@code ca} ({@link #trust}), {@code requestCert}+{@code rejectUnauthorized}
 * on a server ({@link #clientAuth}), {@code rejectUnauthorized} on a client
 * ({@link #rejectUnauthorized}), {@code minVersion}/{@code maxVersion} ({@link #protocols}),
 * {@code ciphers}, {@code ALPNProtocols}, {@code servername}, {@code checkServerIdentity}
 * ({@link #verifyHostname}), {@code handshakeTimeout}, {@code SNICallback} ({@link #sni} and
 * {@link #sniResolver}). The close_notify timeouts ({@link #closeNotifyFlushTimeout},
 * {@link #closeNotifyReadTimeout}) have no Node option; they are Netty's {@code SslHandler} settings.
 *
 * <pre>{@code
 * TlsOptions server = TlsOptions.server(certificatePem, keyPem);
 * TlsOptions client = TlsOptions.client().trust(new Trust.Pem(caPem));
 * }</pre>
 */
public final class TlsOptions {

    /** Node's default handshake timeout: 10 s (120 s for Node's client, which has none by default). */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** TLS 1.3 and 1.2, as Node's default {@code minVersion} TLSv1.2 / {@code maxVersion} TLSv1.3. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Netty's default: how long a close waits for its close_notify to be flushed, 3 s. */
    public static final Duration DEFAULT_CLOSE_NOTIFY_FLUSH_TIMEOUT = Duration.ofSeconds(3);
    /** Netty's default: a close does not wait for the peer's close_notify (zero). */
    public static final Duration DEFAULT_CLOSE_NOTIFY_READ_TIMEOUT = Duration.ZERO;

    private static final TlsOptions CLIENT = new TlsOptions();

    // Written only between the copy constructor and the setter's return, before the copy escapes.
    private @Nullable KeyMaterial keyMaterial;
    private Trust trust = new Trust.JdkDefault();
    private ClientAuth clientAuth = ClientAuth.NONE;
    private boolean rejectUnauthorized = true;
    private boolean verifyHostname = true;
    private @Nullable String serverName;
    private List<String> protocols = DEFAULT_PROTOCOLS;
    private @Nullable List<String> ciphers;
    private List<String> alpn = List.of();
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private Duration closeNotifyFlushTimeout = DEFAULT_CLOSE_NOTIFY_FLUSH_TIMEOUT;
    private Duration closeNotifyReadTimeout = DEFAULT_CLOSE_NOTIFY_READ_TIMEOUT;
    private TlsProvider provider = TlsProvider.AUTO;
    private Map<String, KeyMaterial> sni = Map.of();
    private @Nullable Function<? super String, ? extends Mono<TlsOptions>> sniResolver;

    private TlsOptions() {
    }

    private TlsOptions(TlsOptions from) {
        this.keyMaterial = from.keyMaterial;
        this.trust = from.trust;
        this.clientAuth = from.clientAuth;
        this.rejectUnauthorized = from.rejectUnauthorized;
        this.verifyHostname = from.verifyHostname;
        this.serverName = from.serverName;
        this.protocols = from.protocols;
        this.ciphers = from.ciphers;
        this.alpn = from.alpn;
        this.handshakeTimeout = from.handshakeTimeout;
        this.closeNotifyFlushTimeout = from.closeNotifyFlushTimeout;
        this.closeNotifyReadTimeout = from.closeNotifyReadTimeout;
        this.provider = from.provider;
        this.sni = from.sni;
        this.sniResolver = from.sniResolver;
    }

    /** A client's defaults: JDK trust, certificate and host name checked, TLS 1.3 + 1.2, provider AUTO. */
    public static TlsOptions client() {
        return CLIENT;
    }

    /** A server presenting the PEM chain (leaf first) and unencrypted PKCS#8 PEM key. */
    public static TlsOptions server(String certificateChainPem, String privateKeyPem) {
        return CLIENT.keyMaterial(new KeyMaterial.Pem(certificateChainPem, privateKeyPem, null));
    }

    /** A server presenting {@code keyMaterial}. */
    public static TlsOptions server(KeyMaterial keyMaterial) {
        return CLIENT.keyMaterial(keyMaterial);
    }

    /** Reads a PEM file as text, for {@link KeyMaterial.Pem} and {@link Trust.Pem}. */
    public static String readPem(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The certificate and key we present: required on a server, for mutual TLS on a client. */
    public TlsOptions keyMaterial(@Nullable KeyMaterial v) {
        TlsOptions copy = new TlsOptions(this);
        copy.keyMaterial = v;
        return copy;
    }

    /** {@link KeyMaterial.Store}: a PKCS#12 or JKS store and its key password. */
    public TlsOptions keyStore(KeyStore keyStore, char[] password) {
        return keyMaterial(new KeyMaterial.Store(keyStore, password));
    }

    /** {@link KeyMaterial.Factory}: an initialised {@link KeyManagerFactory}. */
    public TlsOptions keyManager(KeyManagerFactory factory) {
        return keyMaterial(new KeyMaterial.Factory(factory));
    }

    /** The authorities that verify the peer's certificate (Node's {@code ca}). Default: the JDK's. */
    public TlsOptions trust(Trust v) {
        Objects.requireNonNull(v, "trust");
        TlsOptions copy = new TlsOptions(this);
        copy.trust = v;
        return copy;
    }

    /** {@link Trust.Factory}: an initialised {@link TrustManagerFactory}. */
    public TlsOptions trustManager(TrustManagerFactory factory) {
        return trust(new Trust.Factory(factory));
    }

    /** Server side: whether clients must present a certificate. Default {@link ClientAuth#NONE}. */
    public TlsOptions clientAuth(ClientAuth v) {
        Objects.requireNonNull(v, "clientAuth");
        TlsOptions copy = new TlsOptions(this);
        copy.clientAuth = v;
        return copy;
    }

    /**
     * Client side, Node's {@code rejectUnauthorized}: false accepts any server certificate (and skips
     * the host name check). For tests only. Default true.
     */
    public TlsOptions rejectUnauthorized(boolean v) {
        TlsOptions copy = new TlsOptions(this);
        copy.rejectUnauthorized = v;
        return copy;
    }

    /**
     * Client side: whether the server's certificate must name the host (Node's default
     * {@code checkServerIdentity}); a mismatch fails with {@code ERR_TLS_CERT_ALTNAME_INVALID}.
     * Default true.
     */
    public TlsOptions verifyHostname(boolean v) {
        TlsOptions copy = new TlsOptions(this);
        copy.verifyHostname = v;
        return copy;
    }

    /**
     * Client side, Node's {@code servername}: the SNI name sent and the name the certificate is
     * checked against. Null (the default) means the host connected to ({@code "localhost"} for a
     * Unix socket); no SNI is sent for an IP address, as in Node.
     */
    public TlsOptions serverName(@Nullable String v) {
        if (v != null && v.isEmpty()) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "The argument 'serverName' must not be empty. Received ''");
        }
        TlsOptions copy = new TlsOptions(this);
        copy.serverName = v;
        return copy;
    }

    /** The protocol versions to enable, e.g. {@code "TLSv1.3"}. Default {@link #DEFAULT_PROTOCOLS}. */
    public TlsOptions protocols(String... v) {
        List<String> list = nonEmptyList("protocols", v);
        TlsOptions copy = new TlsOptions(this);
        copy.protocols = list;
        return copy;
    }

    /** The cipher suites to enable (IANA names), or null for the provider's defaults. */
    public TlsOptions ciphers(String @Nullable... v) {
        List<String> list = v == null ? null : nonEmptyList("ciphers", v);
        TlsOptions copy = new TlsOptions(this);
        copy.ciphers = list;
        return copy;
    }

    /**
     * Node's {@code ALPNProtocols}: a client offers these in order, a server picks the first of its
     * list the client offered. Empty (the default): no ALPN.
     */
    public TlsOptions alpn(String... v) {
        List<String> list = v.length == 0 ? List.of() : nonEmptyList("alpn", v);
        TlsOptions copy = new TlsOptions(this);
        copy.alpn = list;
        return copy;
    }

    /**
     * How long a handshake may take before the connection is closed with
     * {@code ERR_TLS_HANDSHAKE_TIMEOUT}. Zero disables it. Default {@link #DEFAULT_HANDSHAKE_TIMEOUT}.
     */
    public TlsOptions handshakeTimeout(Duration v) {
        nonNegative("handshakeTimeout", v);
        TlsOptions copy = new TlsOptions(this);
        copy.handshakeTimeout = v;
        return copy;
    }

    /**
     * How long closing the socket waits for its close_notify to reach the kernel; a peer that reads
     * nothing (our outbound queue full) cannot hold the connection open longer than this: the
     * connection is then closed without waiting further. Zero waits as long as the flush takes.
     * Default {@link #DEFAULT_CLOSE_NOTIFY_FLUSH_TIMEOUT}, Netty's {@code SslHandler} default.
     */
    public TlsOptions closeNotifyFlushTimeout(Duration v) {
        Duration d = nonNegative("closeNotifyFlushTimeout", v);
        TlsOptions copy = new TlsOptions(this);
        copy.closeNotifyFlushTimeout = d;
        return copy;
    }

    /**
     * How long closing the socket waits, once its close_notify is flushed, for the peer's
     * close_notify before the connection is closed anyway. Zero (the default,
     * {@link #DEFAULT_CLOSE_NOTIFY_READ_TIMEOUT}, as Netty and Node) closes right after the flush.
     */
    public TlsOptions closeNotifyReadTimeout(Duration v) {
        Duration d = nonNegative("closeNotifyReadTimeout", v);
        TlsOptions copy = new TlsOptions(this);
        copy.closeNotifyReadTimeout = d;
        return copy;
    }

    /** The TLS implementation. Default {@link TlsProvider#AUTO}. */
    public TlsOptions provider(TlsProvider v) {
        Objects.requireNonNull(v, "provider");
        TlsOptions copy = new TlsOptions(this);
        copy.provider = v;
        return copy;
    }

    /**
     * Server side: key material per SNI host name. Keys are host names, or wildcards
     * {@code "*.example.com"} (one label, as in certificates); a client that sends no name, or a
     * name not in the map, gets {@link #keyMaterial()}. Matching ignores case.
     */
    public TlsOptions sni(Map<String, KeyMaterial> v) {
        Objects.requireNonNull(v, "sni");
        TlsOptions copy = new TlsOptions(this);
        copy.sni = Map.copyOf(v);
        return copy;
    }

    /**
     * Server side, Node's {@code SNICallback}: the options for a host name, looked up while the
     * handshake waits (e.g. from a certificate store). An empty Mono means this server's own
     * options; an error fails that handshake. Takes precedence over {@link #sni(Map)}.
     */
    public TlsOptions sniResolver(@Nullable Function<? super String, ? extends Mono<TlsOptions>> v) {
        TlsOptions copy = new TlsOptions(this);
        copy.sniResolver = v;
        return copy;
    }

    public @Nullable KeyMaterial keyMaterial() {
        return keyMaterial;
    }

    public Trust trust() {
        return trust;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    public boolean rejectUnauthorized() {
        return rejectUnauthorized;
    }

    public boolean verifyHostname() {
        return verifyHostname;
    }

    public @Nullable String serverName() {
        return serverName;
    }

    public List<String> protocols() {
        return protocols;
    }

    public @Nullable List<String> ciphers() {
        return ciphers;
    }

    public List<String> alpn() {
        return alpn;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration closeNotifyFlushTimeout() {
        return closeNotifyFlushTimeout;
    }

    public Duration closeNotifyReadTimeout() {
        return closeNotifyReadTimeout;
    }

    public TlsProvider provider() {
        return provider;
    }

    public Map<String, KeyMaterial> sni() {
        return sni;
    }

    public @Nullable Function<? super String, ? extends Mono<TlsOptions>> sniResolver() {
        return sniResolver;
    }

    private static Duration nonNegative(String name, Duration v) {
        Objects.requireNonNull(v, name);
        if (v.isNegative()) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"" + name + "\" is out of range. It must be >= 0. Received " + v);
        }
        return v;
    }

    private static List<String> nonEmptyList(String name, String[] values) {
        Objects.requireNonNull(values, name);
        if (values.length == 0) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "The argument '" + name + "' must not be empty. Received []");
        }
        for (String v : values) {
            if (v == null || v.isEmpty()) {
                throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                        "The argument '" + name + "' must not contain empty names. Received " + List.of(values));
            }
        }
        return List.of(values);
    }

    @Override
    public String toString() {
        return "TlsOptions{key=" + keyMaterial + ", trust=" + trust.getClass().getSimpleName() + ", clientAuth="
                + clientAuth + ", protocols=" + protocols + ", alpn=" + alpn + ", serverName=" + serverName
                + ", provider=" + provider + ", handshakeTimeout=" + handshakeTimeout + ", closeNotifyFlushTimeout="
                + closeNotifyFlushTimeout + ", closeNotifyReadTimeout=" + closeNotifyReadTimeout + "}";
    }
}
