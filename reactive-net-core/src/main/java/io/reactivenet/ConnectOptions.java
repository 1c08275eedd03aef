package io.reactivenet;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how a client connects. Immutable: every setter returns a copy.
 *
 * <p>Node counterpart: the options of {@code net.connect(options)} / {@code socket.connect(options)}.
 * One difference: {@link #timeout(Duration)} is the connect timeout the Java world expects; Node's
 * {@code timeout} option (an idle timeout) is {@link #idleTimeout(Duration)}.
 *
 * <pre>{@code
 * NetSocket socket = Net.connect(ConnectOptions.to("localhost", 8080).timeout(Duration.ofSeconds(2))).block();
 * }</pre>
 */
public final class ConnectOptions {
    private final String host;
    private final int port;
    private final @Nullable String localAddress;
    private final int localPort;
    private final int family;
    private final Duration timeout;
    private final Duration idleTimeout;
    private final boolean noDelay;
    private final boolean keepAlive;
    private final Duration keepAliveInitialDelay;
    private final boolean allowHalfOpen;
    private final int highWaterMark;
    private final @Nullable BlockList blockList;
    private final @Nullable NetLoops loops;
    private final Duration endGrace;

    private ConnectOptions(String host, int port, @Nullable String localAddress, int localPort, int family, Duration timeout, Duration idleTimeout, boolean noDelay, boolean keepAlive, Duration keepAliveInitialDelay, boolean allowHalfOpen, int highWaterMark, @Nullable BlockList blockList, @Nullable NetLoops loops, Duration endGrace) {
        this.host = host;
        this.port = port;
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.family = family;
        this.timeout = timeout;
        this.idleTimeout = idleTimeout;
        this.noDelay = noDelay;
        this.keepAlive = keepAlive;
        this.keepAliveInitialDelay = keepAliveInitialDelay;
        this.allowHalfOpen = allowHalfOpen;
        this.highWaterMark = highWaterMark;
        this.blockList = blockList;
        this.loops = loops;
        this.endGrace = endGrace;
    }

    /** {@code host:port}. */
    public static ConnectOptions to(String host, int port) {
        return new ConnectOptions("localhost", 0, null, 0, 0, Duration.ZERO, Duration.ZERO, false, false, Duration.ZERO, false, ServerOptions.DEFAULT_HIGH_WATER_MARK, null, null, ServerOptions.DEFAULT_END_GRACE).host(host).port(port);
    }

    /** {@code localhost:port}, as Node's {@code net.connect(port)}. */
    public static ConnectOptions to(int port) {
        return to("localhost", port);
    }

    /** The host to connect to: a name (looked up) or an IP address. Default {@code "localhost"}. */
    public ConnectOptions host(String v) {
        Objects.requireNonNull(v, "host"); if (v.isEmpty()) throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE, "The argument 'host' must be a non-empty string. Received ''");
        return new ConnectOptions(v, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace);
    }

    /** The port; throws {@code ERR_SOCKET_BAD_PORT} outside 0..65535 (0 is refused at connect, as Node). */
    public ConnectOptions port(int v) {
        NetArgumentException.checkPort(v, "options.port");
        return new ConnectOptions(host, v, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace);
    }

    /** Node's {@code localAddress}: the local address to bind before connecting; null for any. */
    public ConnectOptions localAddress(@Nullable String v) {
        if (v != null && Net.isIP(v) == 0) throw new NetArgumentException(NetArgumentException.ERR_INVALID_IP_ADDRESS, "Invalid IP address: " + v);
        return new ConnectOptions(host, port, v, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace);
    }

    /** Node's {@code localPort}: the local port to bind before connecting; 0 for any. */
    public ConnectOptions localPort(int v) {
        NetArgumentException.checkPort(v, "options.localPort");
        return new ConnectOptions(host, port, localAddress, v, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace);
    }

    /** Node's {@code family}: 4, 6, or 0 for both. */
    public ConnectOptions family(int v) {
        if (v != 0 && v != 4 && v != 6) throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE, "The property 'options.family' must be one of: 0, 4, 6. Received " + v);
        return new ConnectOptions(host, port, localAddress, localPort, v, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace);
    }

    /** The connect timeout: a connect not done in this time fails with ETIMEDOUT. Zero: the OS's. (Node's {@code timeout} option is the idle timeout: see {@link #idleTimeout}.) */
    public ConnectOptions timeout(Duration v) {
        ServerOptions.checkNonNegative(v, "timeout");
        return new ConnectOptions(host, port, localAddress, localPort, family, v, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace);
    }

    /** Node's {@code timeout} connect option: calls {@link NetSocket#setTimeout} once connected. Zero: none. */
    public ConnectOptions idleTimeout(Duration v) {
        ServerOptions.checkNonNegative(v, "idleTimeout");
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, v, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace);
    }

    /** Node's {@code noDelay}: TCP_NODELAY. */
    public ConnectOptions noDelay(boolean v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, v, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace);
    }

    /** Node's {@code keepAlive}: SO_KEEPALIVE. */
    public ConnectOptions keepAlive(boolean v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, v, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace);
    }

    /** Node's {@code keepAliveInitialDelay} (TCP_KEEPIDLE, whole seconds); zero keeps the OS default. */
    public ConnectOptions keepAliveInitialDelay(Duration v) {
        ServerOptions.checkNonNegative(v, "keepAliveInitialDelay");
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, v, allowHalfOpen, highWaterMark, blockList, loops, endGrace);
    }

    /** Node's {@code allowHalfOpen}: false ends our side automatically after the peer's FIN. */
    public ConnectOptions allowHalfOpen(boolean v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, v, highWaterMark, blockList, loops, endGrace);
    }

    /** Node's {@code highWaterMark} in bytes (write watermarks and read-ahead bound). */
    public ConnectOptions highWaterMark(int v) {
        ServerOptions.checkHighWaterMark(v);
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, v, blockList, loops, endGrace);
    }

    /** Node's {@code blockList}: a blocked destination fails with {@code ERR_IP_BLOCKED} before any SYN. */
    public ConnectOptions blockList(@Nullable BlockList v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, v, loops, endGrace);
    }

    /** The event loops to run on; null for the shared default group (see {@link NetLoops}). */
    public ConnectOptions loops(@Nullable NetLoops v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, v, endGrace);
    }

    /** How long {@link NetSocket#destroySoon()} waits for the peer's FIN before closing. */
    public ConnectOptions endGrace(Duration v) {
        ServerOptions.checkNonNegative(v, "endGrace");
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, v);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public @Nullable String localAddress() {
        return localAddress;
    }

    public int localPort() {
        return localPort;
    }

    public int family() {
        return family;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public boolean noDelay() {
        return noDelay;
    }

    public boolean keepAlive() {
        return keepAlive;
    }

    public Duration keepAliveInitialDelay() {
        return keepAliveInitialDelay;
    }

    public boolean allowHalfOpen() {
        return allowHalfOpen;
    }

    public int highWaterMark() {
        return highWaterMark;
    }

    public @Nullable BlockList blockList() {
        return blockList;
    }

    public @Nullable NetLoops loops() {
        return loops;
    }

    public Duration endGrace() {
        return endGrace;
    }

    @Override
    public String toString() {
        return "ConnectOptions{host=" + host + ", port=" + port + ", family=" + family + ", timeout=" + timeout
                + ", localAddress=" + localAddress + ", localPort=" + localPort + "}";
    }
}
