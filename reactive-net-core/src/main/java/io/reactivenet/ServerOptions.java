package io.reactivenet;

import io.reactivenet.internal.Checks;
import io.reactivenet.proxy.ProxyProtocol;
import io.reactivenet.tls.TlsOptions;
import io.reactivenet.metrics.NetMetrics;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a server treats the connections it accepts: a connection limit and the {@link SocketOptions}
 * every accepted socket gets. Immutable: every setter checks its argument and returns a changed
 * copy, so one value may be shared across servers and threads.
 *
 * <p>Node counterpart: the options of {@code net.createServer(options)} plus
 * {@code server.maxConnections}. {@code pauseOnConnect} has no option here because every socket is
 * paused until its {@link NetSocket#inbound()} is subscribed and requests (see the README table).
 * The socket settings can be set here one by one ({@link #noDelay(boolean)}, …), which changes the
 * embedded {@link #socket()}, or all at once with {@link #socket(SocketOptions)}.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults().maxConnections(1_000).noDelay(true);
 * }</pre>
 */
public final class ServerOptions {

    /** Node's default {@code maxConnections}: unlimited. */
    public static final int DEFAULT_MAX_CONNECTIONS = Integer.MAX_VALUE;
    /** Same as {@link SocketOptions#DEFAULT_HIGH_WATER_MARK}. */
    public static final int DEFAULT_HIGH_WATER_MARK = SocketOptions.DEFAULT_HIGH_WATER_MARK;
    /** Same as {@link SocketOptions#DEFAULT_END_GRACE}. */
    public static final Duration DEFAULT_END_GRACE = SocketOptions.DEFAULT_END_GRACE;
    /** How long a connection has to send its PROXY protocol header: 5 s. */
    public static final Duration DEFAULT_PROXY_HEADER_TIMEOUT = Duration.ofSeconds(5);

    private static final ServerOptions DEFAULTS = new ServerOptions();

    // Written only between the copy constructor and the setter's return, before the copy escapes.
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private SocketOptions socket = SocketOptions.defaults();
    private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;
    private Duration proxyHeaderTimeout = DEFAULT_PROXY_HEADER_TIMEOUT;
    private @Nullable NetMetrics metrics;
    private io.micrometer.observation.@Nullable ObservationRegistry observations;

    private ServerOptions() {
    }

    private ServerOptions(ServerOptions from) {
        this.maxConnections = from.maxConnections;
        this.socket = from.socket;
        this.proxyProtocol = from.proxyProtocol;
        this.proxyHeaderTimeout = from.proxyHeaderTimeout;
        this.metrics = from.metrics;
        this.observations = from.observations;
    }

    /** Node's defaults: unlimited connections and {@link SocketOptions#defaults()}. */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /** Node's {@code server.maxConnections}: connections beyond it are closed at accept and reported as Drop events. */
    public ServerOptions maxConnections(int maxConnections) {
        Checks.atLeast("maxConnections", maxConnections, 0);
        ServerOptions copy = new ServerOptions(this);
        copy.maxConnections = maxConnections;
        return copy;
    }

    /**
     * Whether accepted connections start with a PROXY protocol header (v1 or v2, as HAProxy's
     * {@code send-proxy} and {@code send-proxy-v2} send): then {@code socket.remote()}, the
     * BlockList and the Drop events see the client behind the balancer. Default {@link ProxyProtocol#OFF}.
     */
    public ServerOptions proxyProtocol(ProxyProtocol mode) {
        Objects.requireNonNull(mode, "mode");
        ServerOptions copy = new ServerOptions(this);
        copy.proxyProtocol = mode;
        return copy;
    }

    /** How long a connection has to send its PROXY header (with ON or AUTO); more than zero. Default 5 s. */
    public ServerOptions proxyHeaderTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw Checks.outOfRange("proxyHeaderTimeout", "> 0", timeout);
        }
        ServerOptions copy = new ServerOptions(this);
        copy.proxyHeaderTimeout = timeout;
        return copy;
    }

    /** The settings every accepted socket gets. */
    public ServerOptions socket(SocketOptions socket) {
        Objects.requireNonNull(socket, "socket");
        ServerOptions copy = new ServerOptions(this);
        copy.socket = socket;
        return copy;
    }

    /** {@link SocketOptions#allowHalfOpen(boolean)} for accepted sockets. */
    public ServerOptions allowHalfOpen(boolean allowHalfOpen) {
        return socket(socket.allowHalfOpen(allowHalfOpen));
    }

    /** {@link SocketOptions#noDelay(boolean)} for accepted sockets. */
    public ServerOptions noDelay(boolean noDelay) {
        return socket(socket.noDelay(noDelay));
    }

    /** {@link SocketOptions#keepAlive(boolean)} for accepted sockets. */
    public ServerOptions keepAlive(boolean keepAlive) {
        return socket(socket.keepAlive(keepAlive));
    }

    /** {@link SocketOptions#keepAliveInitialDelay(Duration)} for accepted sockets. */
    public ServerOptions keepAliveInitialDelay(Duration delay) {
        return socket(socket.keepAliveInitialDelay(delay));
    }

    /** {@link SocketOptions#highWaterMark(int)} for accepted sockets. */
    public ServerOptions highWaterMark(int bytes) {
        return socket(socket.highWaterMark(bytes));
    }

    /** {@link SocketOptions#blockList(BlockList)}: blocked peers are closed at accept. */
    public ServerOptions blockList(@Nullable BlockList blockList) {
        return socket(socket.blockList(blockList));
    }

    /** {@link SocketOptions#loops(NetLoops)}: the loops the server and its sockets run on. */
    public ServerOptions loops(@Nullable NetLoops loops) {
        return socket(socket.loops(loops));
    }

    /** {@link SocketOptions#idleTimeout(Duration)} for accepted sockets (Node's {@code server.timeout}). */
    public ServerOptions idleTimeout(Duration timeout) {
        return socket(socket.idleTimeout(timeout));
    }

    /** {@link SocketOptions#endGrace(Duration)} for accepted sockets. */
    public ServerOptions endGrace(Duration grace) {
        return socket(socket.endGrace(grace));
    }

    /**
     * {@link SocketOptions#tls(TlsOptions)}: accepted sockets speak TLS (Node's {@code tls.createServer}).
     * The handler sees a socket once its handshake has completed (Node's {@code 'secureConnection'});
     * failed handshakes are {@link ServerEvent.TlsClientError} events.
     */
    public ServerOptions tls(@Nullable TlsOptions tls) {
        return socket(socket.tls(tls));
    }

    public @Nullable TlsOptions tls() {
        return socket.tls();
    }

    /**
     * Records the server's Micrometer meters ({@code reactivenet.server.*}, see
     * docs/observability.md) in {@code metrics}; null (the default) records nothing and needs no
     * Micrometer on the class path.
     */
    public ServerOptions metrics(@Nullable NetMetrics metrics) {
        ServerOptions copy = new ServerOptions(this);
        copy.metrics = metrics;
        return copy;
    }

    /** {@link #metrics(NetMetrics)} with {@link NetMetrics#of} {@code registry}: no address tags. */
    public ServerOptions metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        return metrics(NetMetrics.of(registry));
    }

    public @Nullable NetMetrics metrics() {
        return metrics;
    }

    /**
     * Records a Micrometer Observation per accepted connection ({@code reactivenet.server.accept},
     * until admitted, dropped or blocked) and per TLS handshake ({@code reactivenet.server.tls.handshake})
     * in {@code registry}; keys in docs/observability.md. Null (the default) observes nothing and
     * needs no {@code micrometer-observation} on the class path.
     */
    public ServerOptions observations(io.micrometer.observation.@Nullable ObservationRegistry registry) {
        ServerOptions copy = new ServerOptions(this);
        copy.observations = registry;
        return copy;
    }

    public io.micrometer.observation.@Nullable ObservationRegistry observations() {
        return observations;
    }

    /** {@link SocketOptions#tuning(SocketTuning)}: kernel options beyond Node's. */
    public ServerOptions tuning(SocketTuning tuning) {
        return socket(socket.tuning(tuning));
    }

    /** {@link SocketOptions#wiretap(Wiretap)}: log every event and byte; null for none. */
    public ServerOptions wiretap(@Nullable Wiretap wiretap) {
        return socket(socket.wiretap(wiretap));
    }

    /** {@link #wiretap(Wiretap)} with the three parts of a {@link Wiretap}. */
    public ServerOptions wiretap(String category, Wiretap.Level level, Wiretap.Format format) {
        return wiretap(new Wiretap(category, level, format));
    }

    public int maxConnections() {
        return maxConnections;
    }

    public ProxyProtocol proxyProtocol() {
        return proxyProtocol;
    }

    public Duration proxyHeaderTimeout() {
        return proxyHeaderTimeout;
    }

    public SocketOptions socket() {
        return socket;
    }

    public boolean allowHalfOpen() {
        return socket.allowHalfOpen();
    }

    public boolean noDelay() {
        return socket.noDelay();
    }

    public boolean keepAlive() {
        return socket.keepAlive();
    }

    public Duration keepAliveInitialDelay() {
        return socket.keepAliveInitialDelay();
    }

    public int highWaterMark() {
        return socket.highWaterMark();
    }

    public @Nullable BlockList blockList() {
        return socket.blockList();
    }

    public @Nullable NetLoops loops() {
        return socket.loops();
    }

    public Duration idleTimeout() {
        return socket.idleTimeout();
    }

    public Duration endGrace() {
        return socket.endGrace();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ServerOptions s && maxConnections == s.maxConnections && socket.equals(s.socket)
                && proxyProtocol == s.proxyProtocol && proxyHeaderTimeout.equals(s.proxyHeaderTimeout)
                && Objects.equals(metrics, s.metrics) && Objects.equals(observations, s.observations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnections, socket, proxyProtocol, proxyHeaderTimeout, metrics, observations);
    }

    @Override
    public String toString() {
        return "ServerOptions{maxConnections=" + maxConnections + ", proxyProtocol=" + proxyProtocol
                + ", proxyHeaderTimeout=" + proxyHeaderTimeout + ", " + socket + ", metrics=" + metrics
                + ", observations=" + (observations != null) + "}";
    }
}
