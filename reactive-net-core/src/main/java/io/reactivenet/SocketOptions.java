package io.reactivenet;

import io.reactivenet.internal.Checks;
import io.reactivenet.tls.TlsOptions;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one socket behaves, whichever side opened it: the settings a server gives every socket it
 * accepts ({@link ServerOptions#socket()}) and a client gives the socket it connects
 * ({@link ConnectOptions#socket()}, and the IPC module's options). Immutable: every setter checks
 * its argument and returns a changed copy; the original is never changed, so one value may be
 * shared by any number of servers and connects on any threads.
 *
 * <p>Node counterpart: the socket options of {@code net.createServer(options)} and
 * {@code net.connect(options)} ({@code noDelay}, {@code keepAlive}, {@code keepAliveInitialDelay},
 * {@code allowHalfOpen}, {@code highWaterMark}, {@code blockList}, and {@code timeout}, which is
 * {@link #idleTimeout(Duration)} here), plus two of ours: {@link #endGrace(Duration)} and
 * {@link #loops(NetLoops)}. On a Unix domain socket the TCP-only ones (noDelay, keepAlive,
 * keepAliveInitialDelay, blockList) are ignored.
 *
 * <pre>{@code
 * SocketOptions socket = SocketOptions.defaults().noDelay(true).highWaterMark(256 * 1024);
 * ServerOptions server = ServerOptions.defaults().socket(socket);
 * ConnectOptions client = ConnectOptions.to("localhost", 8080).socket(socket);
 * }</pre>
 */
public final class SocketOptions {

    /** Bytes queued for writing before a socket stops asking {@code send} for more; also the read-side bound. */
    public static final int DEFAULT_HIGH_WATER_MARK = 64 * 1024;
    /** How long a graceful end waits for the peer's FIN before closing. */
    public static final Duration DEFAULT_END_GRACE = Duration.ofSeconds(2);

    private static final SocketOptions DEFAULTS = new SocketOptions();

    // Written only between the copy constructor and the setter's return, before the copy escapes.
    private boolean noDelay;
    private boolean keepAlive;
    private Duration keepAliveInitialDelay = Duration.ZERO;
    private boolean allowHalfOpen;
    private int highWaterMark = DEFAULT_HIGH_WATER_MARK;
    private Duration idleTimeout = Duration.ZERO;
    private Duration endGrace = DEFAULT_END_GRACE;
    private @Nullable NetLoops loops;
    private @Nullable BlockList blockList;
    private @Nullable TlsOptions tls;
    private SocketTuning tuning = SocketTuning.defaults();
    private @Nullable Wiretap wiretap;

    private SocketOptions() {
    }

    private SocketOptions(SocketOptions from) {
        this.noDelay = from.noDelay;
        this.keepAlive = from.keepAlive;
        this.keepAliveInitialDelay = from.keepAliveInitialDelay;
        this.allowHalfOpen = from.allowHalfOpen;
        this.highWaterMark = from.highWaterMark;
        this.idleTimeout = from.idleTimeout;
        this.endGrace = from.endGrace;
        this.loops = from.loops;
        this.blockList = from.blockList;
        this.tls = from.tls;
        this.tuning = from.tuning;
        this.wiretap = from.wiretap;
    }

    /**
     * Node's defaults: noDelay, keepAlive and allowHalfOpen false, {@link #DEFAULT_HIGH_WATER_MARK},
     * no idle timeout, {@link #DEFAULT_END_GRACE}, the default loops, no blockList.
     */
    public static SocketOptions defaults() {
        return DEFAULTS;
    }

    /** Node's {@code noDelay}: TCP_NODELAY (Nagle's algorithm off). */
    public SocketOptions noDelay(boolean noDelay) {
        SocketOptions copy = new SocketOptions(this);
        copy.noDelay = noDelay;
        return copy;
    }

    /** Node's {@code keepAlive}: SO_KEEPALIVE. */
    public SocketOptions keepAlive(boolean keepAlive) {
        SocketOptions copy = new SocketOptions(this);
        copy.keepAlive = keepAlive;
        return copy;
    }

    /** Node's {@code keepAliveInitialDelay} (TCP_KEEPIDLE, whole seconds); zero keeps the OS default. */
    public SocketOptions keepAliveInitialDelay(Duration delay) {
        Checks.nonNegative("keepAliveInitialDelay", delay);
        SocketOptions copy = new SocketOptions(this);
        copy.keepAliveInitialDelay = delay;
        return copy;
    }

    /** Node's {@code allowHalfOpen}: false ends our side automatically after the peer's FIN. */
    public SocketOptions allowHalfOpen(boolean allowHalfOpen) {
        SocketOptions copy = new SocketOptions(this);
        copy.allowHalfOpen = allowHalfOpen;
        return copy;
    }

    /** Node's {@code highWaterMark} in bytes, for the write side (watermarks) and the read-ahead bound; at least 1. */
    public SocketOptions highWaterMark(int bytes) {
        Checks.atLeast("highWaterMark", bytes, 1);
        SocketOptions copy = new SocketOptions(this);
        copy.highWaterMark = bytes;
        return copy;
    }

    /** Calls {@link NetSocket#setTimeout} on the socket when it opens (Node's {@code timeout} option). Zero: none. */
    public SocketOptions idleTimeout(Duration timeout) {
        Checks.nonNegative("idleTimeout", timeout);
        SocketOptions copy = new SocketOptions(this);
        copy.idleTimeout = timeout;
        return copy;
    }

    /** How long a graceful end (a server handler done, {@link NetSocket#destroySoon()}) waits for the peer's FIN. */
    public SocketOptions endGrace(Duration grace) {
        Checks.nonNegative("endGrace", grace);
        SocketOptions copy = new SocketOptions(this);
        copy.endGrace = grace;
        return copy;
    }

    /** The event loops to run on; null for the shared default group (see {@link NetLoops}). */
    public SocketOptions loops(@Nullable NetLoops loops) {
        SocketOptions copy = new SocketOptions(this);
        copy.loops = loops;
        return copy;
    }

    /**
     * Node's {@code blockList}: a server closes a blocked peer at accept, before the handler or a byte;
     * a client fails a blocked destination with {@code ERR_IP_BLOCKED} before any SYN. Null for none.
     */
    public SocketOptions blockList(@Nullable BlockList blockList) {
        SocketOptions copy = new SocketOptions(this);
        copy.blockList = blockList;
        return copy;
    }

    /** Kernel socket options beyond Node's (buffer sizes, linger, keep-alive interval and count...). */
    public SocketOptions tuning(SocketTuning tuning) {
        Objects.requireNonNull(tuning, "tuning");
        SocketOptions copy = new SocketOptions(this);
        copy.tuning = tuning;
        return copy;
    }

    /** Logs every event and byte of the socket (see {@link Wiretap}); null, the default, for none. */
    public SocketOptions wiretap(@Nullable Wiretap wiretap) {
        SocketOptions copy = new SocketOptions(this);
        copy.wiretap = wiretap;
        return copy;
    }

    public SocketTuning tuning() {
        return tuning;
    }

    public @Nullable Wiretap wiretap() {
        return wiretap;
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

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration endGrace() {
        return endGrace;
    }

    public @Nullable NetLoops loops() {
        return loops;
    }

    public @Nullable BlockList blockList() {
        return blockList;
    }

    /** Equal when every setting is; loops and blockList compare by identity (they are resources, not values). */
    /**
     * TLS for the socket (Node's {@code tls} module over this transport), or null for plain bytes
     * (the default). A server uses its key material and client-auth settings, a client its trust and
     * server-name settings; see {@link TlsOptions}.
     */
    public SocketOptions tls(@Nullable TlsOptions tls) {
        SocketOptions copy = new SocketOptions(this);
        copy.tls = tls;
        return copy;
    }

    public @Nullable TlsOptions tls() {
        return tls;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SocketOptions s && noDelay == s.noDelay && keepAlive == s.keepAlive
                && keepAliveInitialDelay.equals(s.keepAliveInitialDelay) && allowHalfOpen == s.allowHalfOpen
                && highWaterMark == s.highWaterMark && idleTimeout.equals(s.idleTimeout) && endGrace.equals(s.endGrace)
                && loops == s.loops && blockList == s.blockList && Objects.equals(tls, s.tls)
                && tuning.equals(s.tuning) && Objects.equals(wiretap, s.wiretap);
    }

    @Override
    public int hashCode() {
        return Objects.hash(noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, idleTimeout,
                endGrace, System.identityHashCode(loops), System.identityHashCode(blockList), tls, tuning, wiretap);
    }

    @Override
    public String toString() {
        return "SocketOptions{noDelay=" + noDelay + ", keepAlive=" + keepAlive + ", keepAliveInitialDelay="
                + keepAliveInitialDelay + ", allowHalfOpen=" + allowHalfOpen + ", highWaterMark=" + highWaterMark
                + ", idleTimeout=" + idleTimeout + ", endGrace=" + endGrace + ", loops=" + (loops != null)
                + ", blockList=" + (blockList != null) + (tls != null ? ", " + tls : "") + ", " + tuning
                + ", wiretap=" + wiretap + "}";
    }
}
