package io.reactivenet.internal.connect;

import io.reactivenet.BlockList;
import io.reactivenet.ConnectEvent;
import io.reactivenet.ConnectOptions;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.NetLoops;
import io.reactivenet.internal.ConnectDefaults;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One connect's settings, resolved once when the connect is subscribed: the defaults
 * ({@link ConnectDefaults}: Net's default autoSelectFamily and attempt timeout) read once, the host and the
 * local address parsed once, the lookup function chosen. Every default and argument check of the
 * connect path lives here ({@link #of}, {@link #checkPort}, {@link #checkAttemptTimeout},
 * {@link #blocked}), so the race reads settings and never options.
 *
 * @param options the options the plan was made from, for the per-socket settings of the attempts
 *     (noDelay, keepAlive, highWaterMark, idle timeout...)
 * @param host the host as given: a name or an IP literal
 * @param port the remote port, 1..65535
 * @param family Node's {@code family}: 0, 4 or 6
 * @param hints Node's lookup {@code hints}
 * @param autoSelectFamily Node's {@code autoSelectFamily}, the option or else the default
 * @param attemptTimeout Node's {@code autoSelectFamilyAttemptTimeout}, the option or else the default
 * @param timeout the whole connect's timeout (lookup and every attempt); zero for none
 * @param lookup the resolver: the option's or the JDK's
 * @param literal the host as an address when it is an IP literal (no lookup then)
 * @param localAddress the address to bind before connecting, or null
 * @param localPort the port to bind before connecting, or 0
 * @param blockList destinations refused before any SYN, or null
 * @param onEvent the listener of Node's connect events, or null
 * @param loops the loops to run on, or null for the shared default
 */
public record ConnectPlan(ConnectOptions options, String host, int port, int family, int hints,
        boolean autoSelectFamily, Duration attemptTimeout, Duration timeout,
        Function<? super String, ? extends Mono<List<InetAddress>>> lookup, @Nullable InetAddress literal,
        @Nullable InetAddress localAddress, int localPort, @Nullable BlockList blockList,
        @Nullable Consumer<? super ConnectEvent> onEvent, @Nullable NetLoops loops) {

    public ConnectPlan {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * The plan for {@code options}: the only place that reads the global defaults, and only for
     * what the options leave unset. Throws {@link NetArgumentException} for port 0 and
     * {@link NetException} {@code ERR_INVALID_IP_ADDRESS} for a local address it cannot parse.
     */
    public static ConnectPlan of(ConnectOptions options) {
        checkPort(options);
        // Written so that it holds whether the getters give the effective value or null for unset.
        @Nullable Boolean autoSet = options.autoSelectFamily();
        boolean auto = autoSet != null ? autoSet : ConnectDefaults.autoSelectFamily();
        @Nullable Duration attemptSet = options.autoSelectFamilyAttemptTimeout();
        Duration attempt = attemptSet != null ? attemptSet : ConnectDefaults.attemptTimeout();
        InetAddress local = null;
        String localText = options.localAddress();
        if (localText != null) {
            local = Addresses.literal(localText);
            if (local == null) {
                throw new NetException(NetArgumentException.ERR_INVALID_IP_ADDRESS, "Invalid IP address: " + localText,
                        "bind", localText, options.localPort(), null);
            }
        }
        Function<? super String, ? extends Mono<List<InetAddress>>> lookup = options.lookup();
        return new ConnectPlan(options, options.host(), options.port(), options.family(), options.hints(), auto,
                attempt, options.timeout(), lookup != null ? lookup : ConnectPlan::jdkLookup,
                Addresses.literal(options.host()), local, options.localPort(), options.blockList(), options.onEvent(),
                options.loops());
    }

    /** Node refuses port 0 at connect (the options accept it): {@code ERR_SOCKET_BAD_PORT}, thrown at the call. */
    public static void checkPort(ConnectOptions options) {
        Objects.requireNonNull(options, "options");
        if (options.port() == 0) {
            throw new NetArgumentException(NetArgumentException.ERR_SOCKET_BAD_PORT,
                    "Port should be > 0 and < 65536. Received 0.");
        }
    }

    /**
     * Node's rule for attempt timeouts: at least 1 ms and at most 2^31-1 ms ({@code ERR_OUT_OF_RANGE}
     * naming {@code name} otherwise); values under 10 ms are raised to 10 ms.
     */
    public static Duration checkAttemptTimeout(Duration value, String name) {
        return ConnectDefaults.checkAttemptTimeout(name, value);
    }

    /**
     * Whether addresses race (Node's rule): {@code autoSelectFamily} on, no {@code family}, no
     * {@code localAddress}, and a host name (an IP literal is one address).
     */
    public boolean races() {
        return autoSelectFamily && family == 0 && localAddress == null && literal == null;
    }

    /** The local address to bind before connecting, or null for none. */
    public @Nullable InetSocketAddress local() {
        if (localAddress != null) {
            return new InetSocketAddress(localAddress, localPort);
        }
        return localPort != 0 ? new InetSocketAddress(localPort) : null;
    }

    /**
     * The connect's one blocklist check, made before an address's SYN: {@code ERR_IP_BLOCKED} when
     * the blocklist holds {@code address}, else null.
     */
    public @Nullable NetException blocked(InetAddress address) {
        BlockList list = blockList;
        if (list == null || !list.check(address)) {
            return null;
        }
        String ip = Addresses.text(address);
        return new NetException(NetException.ERR_IP_BLOCKED, "IP(" + ip + ") is blocked by net.BlockList",
                "connect", ip, port, null);
    }

    /** The default lookup: the JDK resolver ({@code getaddrinfo}); the race subscribes it off the loops. */
    static Mono<List<InetAddress>> jdkLookup(String host) {
        return Mono.fromCallable(() -> List.of(InetAddress.getAllByName(host)));
    }
}
