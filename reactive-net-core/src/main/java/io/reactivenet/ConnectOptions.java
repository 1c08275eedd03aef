package io.reactivenet;

import io.reactivenet.internal.Checks;
import io.reactivenet.internal.ConnectDefaults;
import io.reactivenet.internal.address.IpAddresses;
import io.reactivenet.metrics.NetMetrics;
import io.reactivenet.tls.TlsOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where and how a client connects: the destination, name lookup and address selection, the connect
 * timeout, and the {@link SocketOptions} of the connected socket. Immutable: every setter checks its
 * argument and returns a changed copy, so one value may be shared across connects and threads.
 * Getters return what was set: {@link #autoSelectFamily()} and
 * {@link #autoSelectFamilyAttemptTimeout()} are null when unset, and the process-wide defaults
 * ({@link Net#setDefaultAutoSelectFamily(boolean)}) are read once, when a connect starts.
 *
 * <p>Node counterpart: the options of {@code net.connect(options)} / {@code socket.connect(options)}.
 * One difference: {@link #timeout(Duration)} is the connect timeout the Java world expects; Node's
 * {@code timeout} option (an idle timeout) is {@link #idleTimeout(Duration)}, and our
 * {@code timeout} bounds the whole connect: lookup and every Happy Eyeballs attempt.
 *
 * <p>Name lookup and address selection follow Node v20: {@link #lookup(Function)},
 * {@link #family(int)}, {@link #hints(int)}, {@link #autoSelectFamily(boolean)} (race the addresses,
 * RFC 8305) and {@link #autoSelectFamilyAttemptTimeout(Duration)}; {@link #onEvent(Consumer)}
 * receives Node's connect events as {@link ConnectEvent}s.
 *
 * <pre>{@code
 * NetSocket socket = Net.connect(ConnectOptions.to("localhost", 8080).timeout(Duration.ofSeconds(2))).block();
 * }</pre>
 */
public final class ConnectOptions {
    /** Node's {@code dns.ADDRCONFIG} hint. */
    public static final int HINT_ADDRCONFIG = 32;
    /** Node's {@code dns.V4MAPPED} hint. */
    public static final int HINT_V4MAPPED = 8;
    /** Node's {@code dns.ALL} hint. */
    public static final int HINT_ALL = 16;
    /** Node's floor for the Happy Eyeballs attempt timeout: 10 ms. */
    public static final Duration MIN_ATTEMPT_TIMEOUT = ConnectDefaults.MIN_ATTEMPT_TIMEOUT;
    /** Node's default Happy Eyeballs attempt timeout: 250 ms. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = ConnectDefaults.DEFAULT_ATTEMPT_TIMEOUT;

    // Written only between the copy constructor and the setter's return, before the copy escapes.
    private String host = "localhost";
    private int port;
    private @Nullable String localAddress;
    private int localPort;
    private int family;
    private Duration timeout = Duration.ZERO;
    private SocketOptions socket = SocketOptions.defaults();
    private @Nullable Boolean autoSelectFamily;
    private @Nullable Duration autoSelectFamilyAttemptTimeout;
    private int hints;
    private @Nullable Function<? super String, ? extends Mono<List<InetAddress>>> lookup;
    private @Nullable Consumer<? super ConnectEvent> onEvent;
    private @Nullable NetMetrics metrics;
    private io.micrometer.observation.@Nullable ObservationRegistry observations;

    private ConnectOptions() {
    }

    private ConnectOptions(ConnectOptions from) {
        this.host = from.host;
        this.port = from.port;
        this.localAddress = from.localAddress;
        this.localPort = from.localPort;
        this.family = from.family;
        this.timeout = from.timeout;
        this.socket = from.socket;
        this.autoSelectFamily = from.autoSelectFamily;
        this.autoSelectFamilyAttemptTimeout = from.autoSelectFamilyAttemptTimeout;
        this.hints = from.hints;
        this.lookup = from.lookup;
        this.onEvent = from.onEvent;
        this.metrics = from.metrics;
        this.observations = from.observations;
    }

    /** {@code host:port}, with {@link SocketOptions#defaults()}. */
    public static ConnectOptions to(String host, int port) {
        return new ConnectOptions().host(host).port(port);
    }

    /** {@code localhost:port}, as Node's {@code net.connect(port)}. */
    public static ConnectOptions to(int port) {
        return to("localhost", port);
    }

    /** The host to connect to: a name (looked up) or an IP address. Default {@code "localhost"}. */
    public ConnectOptions host(String v) {
        Checks.nonEmpty("host", v);
        ConnectOptions copy = new ConnectOptions(this);
        copy.host = v;
        return copy;
    }

    /** The port; throws {@code ERR_SOCKET_BAD_PORT} outside 0..65535 (0 is refused at connect, as Node). */
    public ConnectOptions port(int v) {
        NetArgumentException.checkPort(v, "options.port");
        ConnectOptions copy = new ConnectOptions(this);
        copy.port = v;
        return copy;
    }

    /** Node's {@code localAddress}: the local IP address to bind before connecting; null for any. */
    public ConnectOptions localAddress(@Nullable String v) {
        if (v != null && IpAddresses.isIP(v) == 0) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_IP_ADDRESS, "Invalid IP address: " + v);
        }
        ConnectOptions copy = new ConnectOptions(this);
        copy.localAddress = v;
        return copy;
    }

    /** Node's {@code localPort}: the local port to bind before connecting; 0 for any. */
    public ConnectOptions localPort(int v) {
        NetArgumentException.checkPort(v, "options.localPort");
        ConnectOptions copy = new ConnectOptions(this);
        copy.localPort = v;
        return copy;
    }

    /** Node's {@code family}: 4, 6, or 0 for both. */
    public ConnectOptions family(int v) {
        if (v != 0 && v != 4 && v != 6) {
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                    "The property 'options.family' must be one of: 0, 4, 6. Received " + v);
        }
        ConnectOptions copy = new ConnectOptions(this);
        copy.family = v;
        return copy;
    }

    /**
     * The connect timeout: a connect not done in this time fails with ETIMEDOUT. Zero: the OS's.
     * (Node's {@code timeout} option is the idle timeout: see {@link #idleTimeout}.)
     */
    public ConnectOptions timeout(Duration v) {
        Checks.nonNegative("timeout", v);
        ConnectOptions copy = new ConnectOptions(this);
        copy.timeout = v;
        return copy;
    }

    /** The settings of the connected socket. */
    public ConnectOptions socket(SocketOptions v) {
        Objects.requireNonNull(v, "socket");
        ConnectOptions copy = new ConnectOptions(this);
        copy.socket = v;
        return copy;
    }

    /**
     * {@link SocketOptions#tls(TlsOptions)}: the connection speaks TLS (Node's {@code tls.connect}).
     * The connect Mono emits once the handshake has completed (Node's {@code 'secureConnect'}) and
     * fails with Node's certificate codes otherwise. The server name defaults to {@link #host()}.
     */
    public ConnectOptions tls(@Nullable TlsOptions tls) {
        return socket(socket.tls(tls));
    }

    public @Nullable TlsOptions tls() {
        return socket.tls();
    }

    /** Node's {@code timeout} connect option ({@link SocketOptions#idleTimeout(Duration)}). Zero: none. */
    public ConnectOptions idleTimeout(Duration v) {
        return socket(socket.idleTimeout(v));
    }

    /** {@link SocketOptions#noDelay(boolean)}. */
    public ConnectOptions noDelay(boolean v) {
        return socket(socket.noDelay(v));
    }

    /** {@link SocketOptions#keepAlive(boolean)}. */
    public ConnectOptions keepAlive(boolean v) {
        return socket(socket.keepAlive(v));
    }

    /** {@link SocketOptions#keepAliveInitialDelay(Duration)}. */
    public ConnectOptions keepAliveInitialDelay(Duration v) {
        return socket(socket.keepAliveInitialDelay(v));
    }

    /** {@link SocketOptions#allowHalfOpen(boolean)}. */
    public ConnectOptions allowHalfOpen(boolean v) {
        return socket(socket.allowHalfOpen(v));
    }

    /** {@link SocketOptions#highWaterMark(int)}. */
    public ConnectOptions highWaterMark(int v) {
        return socket(socket.highWaterMark(v));
    }

    /** {@link SocketOptions#blockList(BlockList)}: a blocked destination fails with {@code ERR_IP_BLOCKED} before any SYN. */
    public ConnectOptions blockList(@Nullable BlockList v) {
        return socket(socket.blockList(v));
    }

    /** {@link SocketOptions#loops(NetLoops)}. */
    public ConnectOptions loops(@Nullable NetLoops v) {
        return socket(socket.loops(v));
    }

    /** {@link SocketOptions#endGrace(Duration)}: how long {@link NetSocket#destroySoon()} waits for the peer's FIN. */
    public ConnectOptions endGrace(Duration v) {
        return socket(socket.endGrace(v));
    }

    /**
     * Node's {@code autoSelectFamily}: when the host name resolves to several addresses, race them
     * Happy Eyeballs style (RFC 8305): addresses are tried in interleaved family order, a new
     * attempt starts when the previous one failed or the attempt timeout passed without an answer,
     * the first connection wins and every other attempt is closed. False: only the first address is
     * tried, as Node. Unset: {@link Net#getDefaultAutoSelectFamily()} when the connect starts (true
     * unless changed). Ignored, as in Node, with {@link #family(int)} 4 or 6 or a
     * {@link #localAddress(String)}.
     */
    public ConnectOptions autoSelectFamily(boolean v) {
        ConnectOptions copy = new ConnectOptions(this);
        copy.autoSelectFamily = v;
        return copy;
    }

    /**
     * Node's {@code autoSelectFamilyAttemptTimeout}: how long an attempt may go unanswered before
     * the next address is tried. As in Node, values from 1 to 9 ms become 10 ms; less than 1 ms (or
     * more than 2^31-1 ms) throws {@code ERR_OUT_OF_RANGE}. Unset:
     * {@link Net#getDefaultAutoSelectFamilyAttemptTimeout()} when the connect starts (250 ms unless changed).
     */
    public ConnectOptions autoSelectFamilyAttemptTimeout(Duration v) {
        Duration checked = ConnectDefaults.checkAttemptTimeout("options.autoSelectFamilyAttemptTimeout", v);
        ConnectOptions copy = new ConnectOptions(this);
        copy.autoSelectFamilyAttemptTimeout = checked;
        return copy;
    }

    /**
     * Node's {@code hints}: {@link #HINT_ADDRCONFIG}, {@link #HINT_V4MAPPED}, {@link #HINT_ALL} or-ed
     * together; anything else throws {@code ERR_INVALID_ARG_VALUE}. With {@code family(6)},
     * {@code V4MAPPED} turns IPv4 results into IPv4-mapped IPv6 addresses when no IPv6 address was
     * found (with {@code ALL}: in addition to the IPv6 ones). {@code ADDRCONFIG} is accepted for
     * compatibility; the JDK resolver decides which families the host has configured.
     */
    public ConnectOptions hints(int v) {
        if ((v & ~(HINT_ADDRCONFIG | HINT_V4MAPPED | HINT_ALL)) != 0) {
            throw Checks.invalid("hints", v, "is invalid");
        }
        ConnectOptions copy = new ConnectOptions(this);
        copy.hints = v;
        return copy;
    }

    /**
     * Node's {@code lookup}: resolves a host name to its addresses, in preference order. It is called
     * once per connect (never for an IP address host) and subscribed on Reactor's bounded-elastic
     * threads, never on an event loop, so a blocking resolver is acceptable. An error fails the connect with that error (a
     * {@link NetException} keeps its code, anything else gets {@code ENOTFOUND}); an empty list or
     * an empty Mono fails it with {@code ENOTFOUND}. Results are filtered by {@link #family(int)}.
     * Null: the JDK resolver ({@code InetAddress.getAllByName}) on Reactor's bounded-elastic threads.
     */
    public ConnectOptions lookup(@Nullable Function<? super String, ? extends Mono<List<InetAddress>>> v) {
        ConnectOptions copy = new ConnectOptions(this);
        copy.lookup = v;
        return copy;
    }

    /**
     * Receives this connect's {@link ConnectEvent}s (Node's {@code 'lookup'},
     * {@code 'connectionAttempt'}, {@code 'connectionAttemptFailed'},
     * {@code 'connectionAttemptTimeout'}), in order, one at a time, before the connect Mono
     * signals. It runs on an event loop or resolver thread and must not block; if it throws, the
     * connect fails with that exception. Null: no listener.
     */
    public ConnectOptions onEvent(@Nullable Consumer<? super ConnectEvent> v) {
        ConnectOptions copy = new ConnectOptions(this);
        copy.onEvent = v;
        return copy;
    }

    /**
     * Records this connect's Micrometer meters ({@code reactivenet.client.*}, see
     * docs/observability.md) in {@code metrics}; null (the default) records nothing and needs no
     * Micrometer on the class path.
     */
    public ConnectOptions metrics(@Nullable NetMetrics metrics) {
        ConnectOptions copy = new ConnectOptions(this);
        copy.metrics = metrics;
        return copy;
    }

    /** {@link #metrics(NetMetrics)} with {@link NetMetrics#of} {@code registry}: no address tags. */
    public ConnectOptions metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        return metrics(NetMetrics.of(registry));
    }

    public @Nullable NetMetrics metrics() {
        return metrics;
    }

    /**
     * Records Micrometer Observations of this connect in {@code registry}: {@code reactivenet.client.connect}
     * around the whole connect, with children for the name lookup, each Happy Eyeballs attempt and the
     * TLS handshake (names and keys in docs/observability.md); the observation in the subscriber's
     * Reactor context, if any, is the parent. Null (the default) observes nothing and needs no
     * {@code micrometer-observation} on the class path.
     */
    public ConnectOptions observations(io.micrometer.observation.@Nullable ObservationRegistry registry) {
        ConnectOptions copy = new ConnectOptions(this);
        copy.observations = registry;
        return copy;
    }

    public io.micrometer.observation.@Nullable ObservationRegistry observations() {
        return observations;
    }

    /** {@link SocketOptions#tuning(SocketTuning)}: kernel options beyond Node's. */
    public ConnectOptions tuning(SocketTuning tuning) {
        return socket(socket.tuning(tuning));
    }

    /** {@link SocketOptions#wiretap(Wiretap)}: log every event and byte; null for none. */
    public ConnectOptions wiretap(@Nullable Wiretap wiretap) {
        return socket(socket.wiretap(wiretap));
    }

    /** {@link #wiretap(Wiretap)} with the three parts of a {@link Wiretap}. */
    public ConnectOptions wiretap(String category, Wiretap.Level level, Wiretap.Format format) {
        return wiretap(new Wiretap(category, level, format));
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

    public SocketOptions socket() {
        return socket;
    }

    public Duration idleTimeout() {
        return socket.idleTimeout();
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

    public boolean allowHalfOpen() {
        return socket.allowHalfOpen();
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

    public Duration endGrace() {
        return socket.endGrace();
    }

    /** The autoSelectFamily set, or null when unset (the connect then uses {@link Net#getDefaultAutoSelectFamily()}). */
    public @Nullable Boolean autoSelectFamily() {
        return autoSelectFamily;
    }

    /**
     * The attempt timeout set (raised to 10 ms as Node does), or null when unset (the connect then
     * uses {@link Net#getDefaultAutoSelectFamilyAttemptTimeout()}).
     */
    public @Nullable Duration autoSelectFamilyAttemptTimeout() {
        return autoSelectFamilyAttemptTimeout;
    }

    public int hints() {
        return hints;
    }

    public @Nullable Function<? super String, ? extends Mono<List<InetAddress>>> lookup() {
        return lookup;
    }

    public @Nullable Consumer<? super ConnectEvent> onEvent() {
        return onEvent;
    }

    @Override
    public String toString() {
        return "ConnectOptions{host=" + host + ", port=" + port + ", family=" + family + ", timeout=" + timeout
                + ", localAddress=" + localAddress + ", localPort=" + localPort + ", " + socket
                + ", autoSelectFamily=" + autoSelectFamily + ", autoSelectFamilyAttemptTimeout=" + autoSelectFamilyAttemptTimeout
                + ", hints=" + hints + ", lookup=" + (lookup != null) + ", onEvent=" + (onEvent != null) + ", metrics=" + metrics
                + ", observations=" + (observations != null) + "}";
    }
}
