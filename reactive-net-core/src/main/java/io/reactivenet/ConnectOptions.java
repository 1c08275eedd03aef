package io.reactivenet;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where and how a client connects. Immutable: every setter returns a copy.
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
    public static final Duration MIN_ATTEMPT_TIMEOUT = Duration.ofMillis(10);
    /** Node's default Happy Eyeballs attempt timeout: 250 ms. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMillis(250);

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
    private final @Nullable Boolean autoSelectFamily;
    private final @Nullable Duration autoSelectFamilyAttemptTimeout;
    private final int hints;
    private final @Nullable Function<? super String, ? extends Mono<List<InetAddress>>> lookup;
    private final @Nullable Consumer<? super ConnectEvent> onEvent;

    private ConnectOptions(String host, int port, @Nullable String localAddress, int localPort, int family, Duration timeout, Duration idleTimeout, boolean noDelay, boolean keepAlive, Duration keepAliveInitialDelay, boolean allowHalfOpen, int highWaterMark, @Nullable BlockList blockList, @Nullable NetLoops loops, Duration endGrace, @Nullable Boolean autoSelectFamily, @Nullable Duration autoSelectFamilyAttemptTimeout, int hints, @Nullable Function<? super String, ? extends Mono<List<InetAddress>>> lookup, @Nullable Consumer<? super ConnectEvent> onEvent) {
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
        this.autoSelectFamily = autoSelectFamily;
        this.autoSelectFamilyAttemptTimeout = autoSelectFamilyAttemptTimeout;
        this.hints = hints;
        this.lookup = lookup;
        this.onEvent = onEvent;
    }

    /** {@code host:port}. */
    public static ConnectOptions to(String host, int port) {
        return new ConnectOptions("localhost", 0, null, 0, 0, Duration.ZERO, Duration.ZERO, false, false, Duration.ZERO, false, ServerOptions.DEFAULT_HIGH_WATER_MARK, null, null, ServerOptions.DEFAULT_END_GRACE, null, null, 0, null, null).host(host).port(port);
    }

    /** {@code localhost:port}, as Node's {@code net.connect(port)}. */
    public static ConnectOptions to(int port) {
        return to("localhost", port);
    }

    /** The host to connect to: a name (looked up) or an IP address. Default {@code "localhost"}. */
    public ConnectOptions host(String v) {
        Objects.requireNonNull(v, "host"); if (v.isEmpty()) throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE, "The argument 'host' must be a non-empty string. Received ''");
        return new ConnectOptions(v, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** The port; throws {@code ERR_SOCKET_BAD_PORT} outside 0..65535 (0 is refused at connect, as Node). */
    public ConnectOptions port(int v) {
        NetArgumentException.checkPort(v, "options.port");
        return new ConnectOptions(host, v, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** Node's {@code localAddress}: the local address to bind before connecting; null for any. */
    public ConnectOptions localAddress(@Nullable String v) {
        if (v != null && Net.isIP(v) == 0) throw new NetArgumentException(NetArgumentException.ERR_INVALID_IP_ADDRESS, "Invalid IP address: " + v);
        return new ConnectOptions(host, port, v, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** Node's {@code localPort}: the local port to bind before connecting; 0 for any. */
    public ConnectOptions localPort(int v) {
        NetArgumentException.checkPort(v, "options.localPort");
        return new ConnectOptions(host, port, localAddress, v, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** Node's {@code family}: 4, 6, or 0 for both. */
    public ConnectOptions family(int v) {
        if (v != 0 && v != 4 && v != 6) throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE, "The property 'options.family' must be one of: 0, 4, 6. Received " + v);
        return new ConnectOptions(host, port, localAddress, localPort, v, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** The connect timeout: a connect not done in this time fails with ETIMEDOUT. Zero: the OS's. (Node's {@code timeout} option is the idle timeout: see {@link #idleTimeout}.) */
    public ConnectOptions timeout(Duration v) {
        ServerOptions.checkNonNegative(v, "timeout");
        return new ConnectOptions(host, port, localAddress, localPort, family, v, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** Node's {@code timeout} connect option: calls {@link NetSocket#setTimeout} once connected. Zero: none. */
    public ConnectOptions idleTimeout(Duration v) {
        ServerOptions.checkNonNegative(v, "idleTimeout");
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, v, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** Node's {@code noDelay}: TCP_NODELAY. */
    public ConnectOptions noDelay(boolean v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, v, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** Node's {@code keepAlive}: SO_KEEPALIVE. */
    public ConnectOptions keepAlive(boolean v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, v, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** Node's {@code keepAliveInitialDelay} (TCP_KEEPIDLE, whole seconds); zero keeps the OS default. */
    public ConnectOptions keepAliveInitialDelay(Duration v) {
        ServerOptions.checkNonNegative(v, "keepAliveInitialDelay");
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, v, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** Node's {@code allowHalfOpen}: false ends our side automatically after the peer's FIN. */
    public ConnectOptions allowHalfOpen(boolean v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, v, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** Node's {@code highWaterMark} in bytes (write watermarks and read-ahead bound). */
    public ConnectOptions highWaterMark(int v) {
        ServerOptions.checkHighWaterMark(v);
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, v, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** Node's {@code blockList}: a blocked destination fails with {@code ERR_IP_BLOCKED} before any SYN. */
    public ConnectOptions blockList(@Nullable BlockList v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, v, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** The event loops to run on; null for the shared default group (see {@link NetLoops}). */
    public ConnectOptions loops(@Nullable NetLoops v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, v, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /** How long {@link NetSocket#destroySoon()} waits for the peer's FIN before closing. */
    public ConnectOptions endGrace(Duration v) {
        ServerOptions.checkNonNegative(v, "endGrace");
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, v, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /**
     * Node's {@code autoSelectFamily}: when the host name resolves to several addresses, race them
     * Happy Eyeballs style (RFC 8305): addresses are tried in interleaved family order, a new
     * attempt starts when the previous one failed or {@link #autoSelectFamilyAttemptTimeout()}
     * passed without an answer, the first connection wins and every other attempt is closed.
     * False: only the first address is tried, as Node. Unset: {@link Net#getDefaultAutoSelectFamily()}
     * at connect time (true unless changed). Ignored, as in Node, with {@link #family(int)} 4 or 6
     * or a {@link #localAddress(String)}.
     */
    public ConnectOptions autoSelectFamily(boolean v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, v, autoSelectFamilyAttemptTimeout, hints, lookup, onEvent);
    }

    /**
     * Node's {@code autoSelectFamilyAttemptTimeout}: how long an attempt may go unanswered before
     * the next address is tried. As in Node, values from 1 to 9 ms become 10 ms; less than 1 ms (or
     * more than 2^31-1 ms) throws {@code ERR_OUT_OF_RANGE}. Unset:
     * {@link Net#getDefaultAutoSelectFamilyAttemptTimeout()} at connect time (250 ms unless changed).
     */
    public ConnectOptions autoSelectFamilyAttemptTimeout(Duration v) {
        Duration checked = io.reactivenet.internal.HappyEyeballs.checkAttemptTimeout(v, "options.autoSelectFamilyAttemptTimeout");
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, checked, hints, lookup, onEvent);
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
            throw new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE, "The argument 'hints' is invalid. Received " + v);
        }
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, v, lookup, onEvent);
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
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, v, onEvent);
    }

    /**
     * Receives this connect's {@link ConnectEvent}s (Node's {@code 'lookup'},
     * {@code 'connectionAttempt'}, {@code 'connectionAttemptFailed'},
     * {@code 'connectionAttemptTimeout'}), in order, one at a time, before the connect Mono
     * signals. It runs on an event loop or resolver thread and must not block; if it throws, the
     * connect fails with that exception. Null: no listener.
     */
    public ConnectOptions onEvent(@Nullable Consumer<? super ConnectEvent> v) {
        return new ConnectOptions(host, port, localAddress, localPort, family, timeout, idleTimeout, noDelay, keepAlive, keepAliveInitialDelay, allowHalfOpen, highWaterMark, blockList, loops, endGrace, autoSelectFamily, autoSelectFamilyAttemptTimeout, hints, lookup, v);
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

    /** The effective autoSelectFamily: the value set, else {@link Net#getDefaultAutoSelectFamily()} now. */
    public boolean autoSelectFamily() {
        return autoSelectFamily != null ? autoSelectFamily : Net.getDefaultAutoSelectFamily();
    }

    /** The effective attempt timeout: the value set, else {@link Net#getDefaultAutoSelectFamilyAttemptTimeout()} now. */
    public Duration autoSelectFamilyAttemptTimeout() {
        return autoSelectFamilyAttemptTimeout != null ? autoSelectFamilyAttemptTimeout : Net.getDefaultAutoSelectFamilyAttemptTimeout();
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
                + ", localAddress=" + localAddress + ", localPort=" + localPort
                + ", autoSelectFamily=" + autoSelectFamily + ", autoSelectFamilyAttemptTimeout=" + autoSelectFamilyAttemptTimeout
                + ", hints=" + hints + ", lookup=" + (lookup != null) + ", onEvent=" + (onEvent != null) + "}";
    }
}
