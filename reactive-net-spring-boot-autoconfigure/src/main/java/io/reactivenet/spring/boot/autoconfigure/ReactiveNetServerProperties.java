package io.reactivenet.spring.boot.autoconfigure;

import io.reactivenet.ListenOptions;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetLoops;
import io.reactivenet.ServerOptions;
import io.reactivenet.SocketOptions;
import io.reactivenet.Transport;
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
 * <p>Not yet here, pending other issues: {@code ssl.bundle} (TLS), {@code metrics} (Micrometer
 * meters), {@code wiretap} (the core has no wiretap to switch on).
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
     * Event-loop transport of loops created for this server (auto: io_uring, then epoll, then NIO).
     * Ignored when the application defines a NetLoops bean.
     */
    private @Nullable Transport transport;

    /** Event-loop threads of loops created for this server. Ignored when the application defines a NetLoops bean. */
    private @Nullable Integer loopThreads;

    /** Applies the socket and connection properties to {@code options}. */
    ServerOptions applyTo(ServerOptions options) {
        ServerOptions o = options
                .allowHalfOpen(allowHalfOpen)
                .noDelay(noDelay)
                .keepAlive(keepAlive)
                .keepAliveInitialDelay(keepAliveInitialDelay)
                .highWaterMark(highWaterMarkBytes(highWaterMark))
                .idleTimeout(idleTimeout)
                .endGrace(endGrace);
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
}
