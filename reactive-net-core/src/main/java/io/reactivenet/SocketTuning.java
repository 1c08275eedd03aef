package io.reactivenet;

import io.netty.channel.ChannelOption;
import io.reactivenet.internal.Checks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Kernel socket options beyond Node's: buffer sizes, linger, type of service, address reuse, TCP
 * Fast Open, the keep-alive probe interval and count, and a raw escape hatch. Immutable: setters
 * return a changed copy. Set with {@link SocketOptions#tuning(SocketTuning)}; unset values leave
 * the OS default. Options a channel does not have (TCP options on a Unix domain socket, Fast Open
 * on NIO) are skipped, not errors.
 *
 * <p>Node counterpart: none as options; Node sets TCP_KEEPINTVL to 1 s and TCP_KEEPCNT to 10
 * whenever it turns keep-alive on, and so do we by default ({@link #DEFAULT_KEEP_ALIVE_INTERVAL},
 * {@link #DEFAULT_KEEP_ALIVE_COUNT}), on NIO and epoll (not io_uring).
 *
 * <pre>{@code
 * SocketTuning tuning = SocketTuning.defaults().receiveBufferSize(256 * 1024).linger(Duration.ZERO);
 * }</pre>
 */
public final class SocketTuning {

    /** Node's TCP_KEEPINTVL when keep-alive is on: 1 s. */
    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(1);
    /** Node's TCP_KEEPCNT when keep-alive is on: 10. */
    public static final int DEFAULT_KEEP_ALIVE_COUNT = 10;

    private static final SocketTuning DEFAULTS = new SocketTuning();

    // Written only between the copy constructor and the setter's return, before the copy escapes.
    private int receiveBufferSize;
    private int sendBufferSize;
    private @Nullable Duration linger;
    private int trafficClass = -1;
    private @Nullable Boolean reuseAddress;
    private boolean fastOpen;
    private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;
    private int keepAliveCount = DEFAULT_KEEP_ALIVE_COUNT;
    private Map<ChannelOption<?>, Object> raw = Map.of();

    private SocketTuning() {
    }

    private SocketTuning(SocketTuning from) {
        this.receiveBufferSize = from.receiveBufferSize;
        this.sendBufferSize = from.sendBufferSize;
        this.linger = from.linger;
        this.trafficClass = from.trafficClass;
        this.reuseAddress = from.reuseAddress;
        this.fastOpen = from.fastOpen;
        this.keepAliveInterval = from.keepAliveInterval;
        this.keepAliveCount = from.keepAliveCount;
        this.raw = from.raw;
    }

    /** OS defaults, except Node's keep-alive interval and count. */
    public static SocketTuning defaults() {
        return DEFAULTS;
    }

    /** SO_RCVBUF in bytes (the kernel may double or clamp it); 0 for the OS default. */
    public SocketTuning receiveBufferSize(int bytes) {
        Checks.atLeast("receiveBufferSize", bytes, 0);
        SocketTuning copy = new SocketTuning(this);
        copy.receiveBufferSize = bytes;
        return copy;
    }

    /** SO_SNDBUF in bytes (the kernel may double or clamp it); 0 for the OS default. */
    public SocketTuning sendBufferSize(int bytes) {
        Checks.atLeast("sendBufferSize", bytes, 0);
        SocketTuning copy = new SocketTuning(this);
        copy.sendBufferSize = bytes;
        return copy;
    }

    /**
     * SO_LINGER in whole seconds: zero makes every close send RST instead of FIN (as
     * {@link NetSocket#resetAndDestroy()} does for one socket); null for the OS default (no linger).
     */
    public SocketTuning linger(@Nullable Duration linger) {
        if (linger != null) {
            Checks.nonNegative("linger", linger);
        }
        SocketTuning copy = new SocketTuning(this);
        copy.linger = linger;
        return copy;
    }

    /** IP_TOS (type of service / DSCP byte), 0 to 255; -1 for the OS default. */
    public SocketTuning trafficClass(int tos) {
        if (tos < -1 || tos > 255) {
            throw Checks.invalid("trafficClass", tos, "must be -1 or 0..255");
        }
        SocketTuning copy = new SocketTuning(this);
        copy.trafficClass = tos;
        return copy;
    }

    /** SO_REUSEADDR; null for our default (on for a listening socket, the OS default for a client). */
    public SocketTuning reuseAddress(@Nullable Boolean reuse) {
        SocketTuning copy = new SocketTuning(this);
        copy.reuseAddress = reuse;
        return copy;
    }

    /**
     * TCP Fast Open: a server accepts data in the SYN (TCP_FASTOPEN, queue 256), a client sends it
     * (TCP_FASTOPEN_CONNECT). Epoll only: ignored on NIO, io_uring and Unix domain sockets.
     */
    public SocketTuning fastOpen(boolean on) {
        SocketTuning copy = new SocketTuning(this);
        copy.fastOpen = on;
        return copy;
    }

    /** TCP_KEEPINTVL, whole seconds, at least 1 s: the time between keep-alive probes. */
    public SocketTuning keepAliveInterval(Duration interval) {
        if (interval.toSeconds() < 1) {
            throw Checks.invalid("keepAliveInterval", interval, "must be at least 1 second");
        }
        SocketTuning copy = new SocketTuning(this);
        copy.keepAliveInterval = interval;
        return copy;
    }

    /** TCP_KEEPCNT, at least 1: unanswered probes before the connection is dropped (ETIMEDOUT). */
    public SocketTuning keepAliveCount(int count) {
        Checks.atLeast("keepAliveCount", count, 1);
        SocketTuning copy = new SocketTuning(this);
        copy.keepAliveCount = count;
        return copy;
    }

    /**
     * Any Netty channel option, set on each connected socket after the typed ones (so it wins over
     * them). An escape hatch: no documented feature needs it, and an option the channel does not
     * know is skipped.
     */
    public <T> SocketTuning option(ChannelOption<T> option, T value) {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(value, "value");
        Map<ChannelOption<?>, Object> map = new LinkedHashMap<>(raw);
        map.put(option, value);
        SocketTuning copy = new SocketTuning(this);
        copy.raw = java.util.Collections.unmodifiableMap(map);
        return copy;
    }

    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    public int sendBufferSize() {
        return sendBufferSize;
    }

    public @Nullable Duration linger() {
        return linger;
    }

    public int trafficClass() {
        return trafficClass;
    }

    public @Nullable Boolean reuseAddress() {
        return reuseAddress;
    }

    public boolean fastOpen() {
        return fastOpen;
    }

    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    public int keepAliveCount() {
        return keepAliveCount;
    }

    /** The raw options, in the order set. */
    public Map<ChannelOption<?>, Object> options() {
        return raw;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SocketTuning t && receiveBufferSize == t.receiveBufferSize
                && sendBufferSize == t.sendBufferSize && Objects.equals(linger, t.linger)
                && trafficClass == t.trafficClass && Objects.equals(reuseAddress, t.reuseAddress)
                && fastOpen == t.fastOpen && keepAliveInterval.equals(t.keepAliveInterval)
                && keepAliveCount == t.keepAliveCount && raw.equals(t.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(receiveBufferSize, sendBufferSize, linger, trafficClass, reuseAddress, fastOpen,
                keepAliveInterval, keepAliveCount, raw);
    }

    @Override
    public String toString() {
        return "SocketTuning{receiveBufferSize=" + receiveBufferSize + ", sendBufferSize=" + sendBufferSize
                + ", linger=" + linger + ", trafficClass=" + trafficClass + ", reuseAddress=" + reuseAddress
                + ", fastOpen=" + fastOpen + ", keepAliveInterval=" + keepAliveInterval + ", keepAliveCount="
                + keepAliveCount + ", options=" + raw + "}";
    }
}
