package io.reactivenet;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a server treats the connections it accepts. Immutable: every setter returns a copy.
 *
 * <p>Node counterpart: the options of {@code net.createServer(options)} plus
 * {@code server.maxConnections}. {@code pauseOnConnect} has no option here because every socket is
 * paused until its {@link NetSocket#inbound()} is subscribed and requests (see the README table).
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults().maxConnections(1_000).noDelay(true);
 * }</pre>
 */
public final class ServerOptions {

    /** Node's default {@code maxConnections}: unlimited. */
    public static final int DEFAULT_MAX_CONNECTIONS = Integer.MAX_VALUE;
    /** Bytes queued for writing before a socket stops asking {@code send} for more; also the read-side bound. */
    public static final int DEFAULT_HIGH_WATER_MARK = 64 * 1024;
    /** How long a graceful end waits for the peer's FIN before closing. */
    public static final Duration DEFAULT_END_GRACE = Duration.ofSeconds(2);

    private static final ServerOptions DEFAULTS = new ServerOptions(DEFAULT_MAX_CONNECTIONS, false, false, false,
            Duration.ZERO, DEFAULT_HIGH_WATER_MARK, null, null, Duration.ZERO, DEFAULT_END_GRACE);

    private final int maxConnections;
    private final boolean allowHalfOpen;
    private final boolean noDelay;
    private final boolean keepAlive;
    private final Duration keepAliveInitialDelay;
    private final int highWaterMark;
    private final @Nullable BlockList blockList;
    private final @Nullable NetLoops loops;
    private final Duration idleTimeout;
    private final Duration endGrace;

    private ServerOptions(int maxConnections, boolean allowHalfOpen, boolean noDelay, boolean keepAlive,
            Duration keepAliveInitialDelay, int highWaterMark, @Nullable BlockList blockList, @Nullable NetLoops loops,
            Duration idleTimeout, Duration endGrace) {
        this.maxConnections = maxConnections;
        this.allowHalfOpen = allowHalfOpen;
        this.noDelay = noDelay;
        this.keepAlive = keepAlive;
        this.keepAliveInitialDelay = keepAliveInitialDelay;
        this.highWaterMark = highWaterMark;
        this.blockList = blockList;
        this.loops = loops;
        this.idleTimeout = idleTimeout;
        this.endGrace = endGrace;
    }

    /** Node's defaults: unlimited connections, allowHalfOpen false, noDelay false, keepAlive false. */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /** Node's {@code server.maxConnections}: connections beyond it are closed at accept and reported as Drop events. */
    public ServerOptions maxConnections(int maxConnections) {
        if (maxConnections < 0) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"maxConnections\" is out of range. It must be >= 0. Received " + maxConnections);
        }
        return new ServerOptions(maxConnections, allowHalfOpen, noDelay, keepAlive, keepAliveInitialDelay,
                highWaterMark, blockList, loops, idleTimeout, endGrace);
    }

    /** Node's {@code allowHalfOpen}: false ends our side automatically after the peer's FIN. */
    public ServerOptions allowHalfOpen(boolean allowHalfOpen) {
        return new ServerOptions(maxConnections, allowHalfOpen, noDelay, keepAlive, keepAliveInitialDelay,
                highWaterMark, blockList, loops, idleTimeout, endGrace);
    }

    /** Node's {@code noDelay}: TCP_NODELAY on accepted sockets. */
    public ServerOptions noDelay(boolean noDelay) {
        return new ServerOptions(maxConnections, allowHalfOpen, noDelay, keepAlive, keepAliveInitialDelay,
                highWaterMark, blockList, loops, idleTimeout, endGrace);
    }

    /** Node's {@code keepAlive}: SO_KEEPALIVE on accepted sockets. */
    public ServerOptions keepAlive(boolean keepAlive) {
        return new ServerOptions(maxConnections, allowHalfOpen, noDelay, keepAlive, keepAliveInitialDelay,
                highWaterMark, blockList, loops, idleTimeout, endGrace);
    }

    /** Node's {@code keepAliveInitialDelay} (TCP_KEEPIDLE); zero keeps the OS default. Whole seconds. */
    public ServerOptions keepAliveInitialDelay(Duration delay) {
        return new ServerOptions(maxConnections, allowHalfOpen, noDelay, keepAlive, checkNonNegative(delay, "keepAliveInitialDelay"),
                highWaterMark, blockList, loops, idleTimeout, endGrace);
    }

    /** Node's {@code highWaterMark} in bytes, for the write side (watermarks) and the read-ahead bound. */
    public ServerOptions highWaterMark(int bytes) {
        return new ServerOptions(maxConnections, allowHalfOpen, noDelay, keepAlive, keepAliveInitialDelay,
                checkHighWaterMark(bytes), blockList, loops, idleTimeout, endGrace);
    }

    /** Peers whose address the list blocks are closed at accept, before the handler or a byte. Null for none. */
    public ServerOptions blockList(@Nullable BlockList blockList) {
        return new ServerOptions(maxConnections, allowHalfOpen, noDelay, keepAlive, keepAliveInitialDelay,
                highWaterMark, blockList, loops, idleTimeout, endGrace);
    }

    /** The event loops to run on; null for the shared default group (see {@link NetLoops}). */
    public ServerOptions loops(@Nullable NetLoops loops) {
        return new ServerOptions(maxConnections, allowHalfOpen, noDelay, keepAlive, keepAliveInitialDelay,
                highWaterMark, blockList, loops, idleTimeout, endGrace);
    }

    /** Calls {@link NetSocket#setTimeout} on every accepted socket (Node's {@code server.timeout}). Zero: none. */
    public ServerOptions idleTimeout(Duration timeout) {
        return new ServerOptions(maxConnections, allowHalfOpen, noDelay, keepAlive, keepAliveInitialDelay,
                highWaterMark, blockList, loops, checkNonNegative(timeout, "idleTimeout"), endGrace);
    }

    /** How long a graceful end (handler done, {@code destroySoon}) waits for the peer's FIN before closing. */
    public ServerOptions endGrace(Duration grace) {
        return new ServerOptions(maxConnections, allowHalfOpen, noDelay, keepAlive, keepAliveInitialDelay,
                highWaterMark, blockList, loops, idleTimeout, checkNonNegative(grace, "endGrace"));
    }

    public int maxConnections() {
        return maxConnections;
    }

    public boolean allowHalfOpen() {
        return allowHalfOpen;
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

    public int highWaterMark() {
        return highWaterMark;
    }

    public @Nullable BlockList blockList() {
        return blockList;
    }

    public @Nullable NetLoops loops() {
        return loops;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration endGrace() {
        return endGrace;
    }

    static Duration checkNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"" + name + "\" is out of range. It must be >= 0. Received " + d);
        }
        return d;
    }

    static int checkHighWaterMark(int bytes) {
        if (bytes < 1) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"highWaterMark\" is out of range. It must be >= 1. Received " + bytes);
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "ServerOptions{maxConnections=" + maxConnections + ", allowHalfOpen=" + allowHalfOpen + ", noDelay="
                + noDelay + ", keepAlive=" + keepAlive + ", keepAliveInitialDelay=" + keepAliveInitialDelay
                + ", highWaterMark=" + highWaterMark + ", blockList=" + (blockList != null) + ", idleTimeout="
                + idleTimeout + ", endGrace=" + endGrace + "}";
    }
}
