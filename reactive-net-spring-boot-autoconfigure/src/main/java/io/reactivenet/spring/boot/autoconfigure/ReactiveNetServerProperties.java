package io.reactivenet.spring.boot.autoconfigure;

import io.reactivenet.ListenOptions;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetLoops;
import io.reactivenet.ServerOptions;
import io.reactivenet.SocketOptions;
import io.reactivenet.Transport;
import io.reactivenet.Wiretap;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code reactive-net.server.*} properties: where the TCP server listens and how it treats
 * connections. Unset properties keep reactive-net's (Node's) defaults. Every setter checks its
 * value with the core's own checks, so a bad value (port 70000, a negative timeout) fails the
 * application's start naming the property, the value and Node's error code.
 *
 * <p>TLS comes from a Spring SSL bundle ({@code ssl.bundle}, see {@link Ssl}); Micrometer meters
 * from the application's {@code MeterRegistry} ({@code metrics.enabled}, see {@link Metrics}).
 *
 * <p>Bound once, on the thread that creates the application context.
 */
@ConfigurationProperties("reactive-net.server")
public class ReactiveNetServerProperties {

    /** The properties' prefix, with its dot. */
    static final String PREFIX = "reactive-net.server.";

    /** Address to bind; unset: every interface. */
    private @Nullable String host;

    /** TCP port to listen on; 0: a free port chosen by the OS. The server starts only when this is set. */
    private @Nullable Integer port;

    /** Accept queue length (SO_BACKLOG); the OS may cap it. */
    private int backlog = 511;                      // ListenOptions.DEFAULT_BACKLOG; a literal for the metadata

    /** Connections at once; one more is closed at accept. Unset: unlimited. */
    private @Nullable Integer maxConnections;

    /** Whether a socket stays writable after the peer ended its side (Node's allowHalfOpen). */
    private boolean allowHalfOpen;

    /** TCP_NODELAY on accepted sockets (disables Nagle's algorithm). */
    private boolean noDelay;

    /** SO_KEEPALIVE on accepted sockets. */
    private boolean keepAlive;

    /** TCP_KEEPIDLE, whole seconds; 0: the OS default. */
    private Duration keepAliveInitialDelay = Duration.ZERO;

    /** Write-side buffer before a socket stops taking data (Node's highWaterMark); also the read-ahead bound. */
    private DataSize highWaterMark = DataSize.ofKilobytes(64);  // SocketOptions.DEFAULT_HIGH_WATER_MARK

    /** Idle timeout of accepted sockets (Node's server.timeout); 0: none. */
    private Duration idleTimeout = Duration.ZERO;

    /** How long a graceful end of a socket waits for the peer's FIN before closing it. */
    private Duration endGrace = Duration.ofSeconds(2);      // SocketOptions.DEFAULT_END_GRACE

    /**
     * How long shutdown lets open connections finish before destroying them. Unset: just under
     * spring.lifecycle.timeout-per-shutdown-phase; never more than that.
     */
    private @Nullable Duration shutdownTimeout;

    /**
     * Event-loop transport of loops created for this server (auto: epoll where it runs, else NIO;
     * io_uring only when asked for).
     * Ignored when the application defines a NetLoops bean.
     */
    private @Nullable Transport transport;

    /** Event-loop threads of loops created for this server. Ignored when the application defines a NetLoops bean. */
    private @Nullable Integer loopThreads;

    /**
     * Whether to log every event and byte of accepted sockets (category io.reactivenet.wire, DEBUG,
     * hex dump). For debugging: it logs the payload.
     */
    private boolean wiretap;

    /** TLS of accepted sockets, from a Spring SSL bundle. */
    private final Ssl ssl = new Ssl();

    /** Micrometer meters of the server. */
    private final Metrics metrics = new Metrics();

    private final Observations observations = new Observations();

    /** Applies the socket and connection properties to {@code options}. */
    ServerOptions applyTo(ServerOptions options) {
        ServerOptions o = options
                .allowHalfOpen(allowHalfOpen)
                .noDelay(noDelay)
                .keepAlive(keepAlive)
                .keepAliveInitialDelay(keepAliveInitialDelay)
                .highWaterMark(highWaterMarkBytes(highWaterMark))
                .idleTimeout(idleTimeout)
                .endGrace(endGrace)
                .wiretap(wiretap ? Wiretap.defaults() : null);
        return maxConnections != null ? o.maxConnections(maxConnections) : o;
    }

    /** Where to bind: port (0 when unset), host, backlog. */
    ListenOptions listenOptions() {
        return ListenOptions.onPort(port != null ? port : 0).host(host).backlog(backlog);
    }

    /** True when loops of our own are wanted: a transport or a thread count is set. */
    boolean wantsOwnLoops() {
        return transport != null || loopThreads != null;
    }

    /** Loops from {@code transport} and {@code loop-threads}. */
    NetLoops createLoops() {
        return NetLoops.create("reactive-net-server", loopThreads != null ? loopThreads : NetLoops.DEFAULT_THREADS,
                transport != null ? transport : Transport.AUTO);
    }

    /**
     * Runs the core's own check of a value and names the property in its failure, so that the
     * application's start fails with "reactive-net.server.idle-timeout: ... Received PT-1S." and
     * Node's error code.
     */
    private static void check(String property, Runnable coreCheck) {
        try {
            coreCheck.run();
        } catch (NetArgumentException e) {
            throw new NetArgumentException(e.code(), PREFIX + property + ": " + e.getMessage());
        }
    }

    private static int highWaterMarkBytes(DataSize size) {
        long bytes = size.toBytes();
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"highWaterMark\" is out of range. It must be >= 1 byte and < 2 GiB. Received " + size + ".");
        }
        return (int) bytes;
    }

    public @Nullable String getHost() {
        return host;
    }

    public void setHost(@Nullable String host) {
        check("host", () -> ListenOptions.defaults().host(host));
        this.host = host;
    }

    public @Nullable Integer getPort() {
        return port;
    }

    public void setPort(@Nullable Integer port) {
        if (port != null) {
            NetArgumentException.checkPort(port, PREFIX + "port");
        }
        this.port = port;
    }

    public int getBacklog() {
        return backlog;
    }

    public void setBacklog(int backlog) {
        check("backlog", () -> ListenOptions.defaults().backlog(backlog));
        this.backlog = backlog;
    }

    public @Nullable Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(@Nullable Integer maxConnections) {
        if (maxConnections != null) {
            int max = maxConnections;
            check("max-connections", () -> ServerOptions.defaults().maxConnections(max));
        }
        this.maxConnections = maxConnections;
    }

    public boolean isAllowHalfOpen() {
        return allowHalfOpen;
    }

    public void setAllowHalfOpen(boolean allowHalfOpen) {
        this.allowHalfOpen = allowHalfOpen;
    }

    public boolean isNoDelay() {
        return noDelay;
    }

    public void setNoDelay(boolean noDelay) {
        this.noDelay = noDelay;
    }

    public boolean isKeepAlive() {
        return keepAlive;
    }

    public void setKeepAlive(boolean keepAlive) {
        this.keepAlive = keepAlive;
    }

    public Duration getKeepAliveInitialDelay() {
        return keepAliveInitialDelay;
    }

    public void setKeepAliveInitialDelay(Duration keepAliveInitialDelay) {
        check("keep-alive-initial-delay", () -> SocketOptions.defaults().keepAliveInitialDelay(keepAliveInitialDelay));
        this.keepAliveInitialDelay = keepAliveInitialDelay;
    }

    public DataSize getHighWaterMark() {
        return highWaterMark;
    }

    public void setHighWaterMark(DataSize highWaterMark) {
        check("high-water-mark", () -> highWaterMarkBytes(highWaterMark));
        this.highWaterMark = highWaterMark;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        check("idle-timeout", () -> SocketOptions.defaults().idleTimeout(idleTimeout));
        this.idleTimeout = idleTimeout;
    }

    public Duration getEndGrace() {
        return endGrace;
    }

    public void setEndGrace(Duration endGrace) {
        check("end-grace", () -> SocketOptions.defaults().endGrace(endGrace));
        this.endGrace = endGrace;
    }

    public @Nullable Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
        if (shutdownTimeout != null && shutdownTimeout.isNegative()) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    PREFIX + "shutdown-timeout: the value of \"shutdownTimeout\" is out of range. It must be >= 0. Received " + shutdownTimeout + ".");
        }
        this.shutdownTimeout = shutdownTimeout;
    }

    public @Nullable Transport getTransport() {
        return transport;
    }

    public void setTransport(@Nullable Transport transport) {
        this.transport = transport;
    }

    public @Nullable Integer getLoopThreads() {
        return loopThreads;
    }

    public void setLoopThreads(@Nullable Integer loopThreads) {
        if (loopThreads != null && loopThreads < 1) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    PREFIX + "loop-threads: the value of \"loopThreads\" is out of range. It must be >= 1. Received " + loopThreads + ".");
        }
        this.loopThreads = loopThreads;
    }

    public boolean isWiretap() {
        return wiretap;
    }

    public void setWiretap(boolean wiretap) {
        this.wiretap = wiretap;
    }

    public Ssl getSsl() {
        return ssl;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Observations getObservations() {
        return observations;
    }

    /**
     * {@code reactive-net.server.ssl.*}: TLS from a Spring SSL bundle ({@code spring.ssl.bundle.*}),
     * with the semantics of Spring Boot's {@code server.ssl.*}: TLS is on when a bundle is named and
     * {@code enabled} is not false. The bundle's key and trust managers, enabled protocols and
     * ciphers become the server's {@link io.reactivenet.tls.TlsOptions}; an update of the bundle
     * (a reloaded PEM or key store file) is applied to new connections while open ones keep theirs.
     */
    public static class Ssl {

        /** Whether to enable TLS when a bundle is set. */
        private boolean enabled = true;

        /** Name of the SSL bundle (spring.ssl.bundle.pem.NAME or spring.ssl.bundle.jks.NAME) the server presents. */
        private @Nullable String bundle;

        /** Whether clients must present a certificate: none, want (asked, optional) or need. */
        private ClientAuth clientAuth = ClientAuth.NONE;

        /** True when the server speaks TLS: a bundle is named and TLS is not switched off. */
        boolean isOn() {
            return enabled && bundle != null;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getBundle() {
            return bundle;
        }

        public void setBundle(@Nullable String bundle) {
            if (bundle != null && bundle.isBlank()) {
                throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                        PREFIX + "ssl.bundle: the bundle name must not be blank. Received '" + bundle + "'.");
            }
            this.bundle = bundle;
        }

        public ClientAuth getClientAuth() {
            return clientAuth;
        }

        public void setClientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }
    }

    /** Client certificates, with Spring Boot's names ({@code server.ssl.client-auth}). */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE(io.reactivenet.tls.ClientAuth.NONE),
        /** A client certificate is asked for; a client without one still connects. */
        WANT(io.reactivenet.tls.ClientAuth.OPTIONAL),
        /** A client certificate is required; a client without one fails its handshake. */
        NEED(io.reactivenet.tls.ClientAuth.REQUIRE);

        private final io.reactivenet.tls.ClientAuth core;

        ClientAuth(io.reactivenet.tls.ClientAuth core) {
            this.core = core;
        }

        /** The core's value. */
        public io.reactivenet.tls.ClientAuth toCore() {
            return core;
        }
    }

    /**
     * {@code reactive-net.server.metrics.*}: the server records its meters ({@code reactivenet.server.*},
     * see docs/observability.md) in the application's {@code MeterRegistry} when Micrometer is on the
     * class path and the application has one (the actuator makes one); on by default, as Spring
     * Boot's own instrumentation is.
     */
    public static class Metrics {

        /** Whether to record the server's meters in the application's MeterRegistry, when it has one. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * {@code reactive-net.server.observations.*}: the server's Micrometer observations
     * ({@code reactivenet.server.accept}, {@code reactivenet.server.tls.handshake}, see
     * docs/observability.md) go to the application's {@code ObservationRegistry} when it has one
     * (the actuator makes one, bridged to tracing when a tracer is present); on by default.
     */
    public static class Observations {

        /** Whether to report the server's observations to the application's ObservationRegistry, when it has one. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
