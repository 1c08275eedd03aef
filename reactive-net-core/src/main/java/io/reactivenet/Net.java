package io.reactivenet;

import io.reactivenet.internal.connect.Connect;
import io.reactivenet.internal.ConnectDefaults;
import io.reactivenet.internal.NetServerImpl;
import io.reactivenet.internal.address.IpAddresses;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The entry point, like {@code require('net')}: servers, client connections and address helpers.
 *
 * <pre>{@code
 * ListeningServer server = Net.createServer(socket -> socket.send(socket.inbound()))   // echo
 *         .listen(0, "127.0.0.1")
 *         .block();
 * NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block();
 * }</pre>
 *
 * <p>Every method is thread-safe. Nothing happens until the returned {@code Mono} is subscribed;
 * bad arguments throw {@link NetArgumentException} at the call.
 */
public final class Net {

    private Net() {
    }

    /** Node's {@code net.createServer(listener)} with Node's default options. */
    public static NetServer createServer(Function<? super NetSocket, ? extends Publisher<Void>> handler) {
        return createServer(ServerOptions.defaults(), handler);
    }

    /** Node's {@code net.createServer(options, listener)}; see {@link NetServer} for the handler model. */
    public static NetServer createServer(ServerOptions options,
            Function<? super NetSocket, ? extends Publisher<Void>> handler) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        return new NetServerImpl(options, handler);
    }

    /**
     * Node's {@code net.connect(options)}: emits the connected socket (Node's {@code 'connect'}),
     * or fails with ECONNREFUSED, ETIMEDOUT, ENOTFOUND, ERR_IP_BLOCKED… Cancelling the Mono aborts
     * the attempt.
     */
    public static Mono<NetSocket> connect(ConnectOptions options) {
        return Connect.connect(options);
    }

    /** Node's {@code net.connect(port)}: {@code localhost:port}. */
    public static Mono<NetSocket> connect(int port) {
        return connect(ConnectOptions.to(port));
    }

    /** Node's {@code net.connect(port, host)}. */
    public static Mono<NetSocket> connect(int port, String host) {
        return connect(ConnectOptions.to(host, port));
    }

    /**
     * Node's {@code net.getDefaultAutoSelectFamily()}: the {@link ConnectOptions#autoSelectFamily(boolean)}
     * used when a connect does not set it, read once when the connect starts. True unless changed.
     */
    public static boolean getDefaultAutoSelectFamily() {
        return ConnectDefaults.autoSelectFamily();
    }

    /** Node's {@code net.setDefaultAutoSelectFamily(value)}: changes the default for later connects. Thread-safe. */
    public static void setDefaultAutoSelectFamily(boolean value) {
        ConnectDefaults.autoSelectFamily(value);
    }

    /**
     * Node's {@code net.getDefaultAutoSelectFamilyAttemptTimeout()}: the
     * {@link ConnectOptions#autoSelectFamilyAttemptTimeout(Duration)} used when a connect does not
     * set it, read once when the connect starts. 250 ms unless changed.
     */
    public static Duration getDefaultAutoSelectFamilyAttemptTimeout() {
        return ConnectDefaults.attemptTimeout();
    }

    /**
     * Node's {@code net.setDefaultAutoSelectFamilyAttemptTimeout(value)}: as in Node, 1 to 9 ms
     * become 10 ms, and less than 1 ms throws {@code ERR_OUT_OF_RANGE}. Thread-safe.
     */
    public static void setDefaultAutoSelectFamilyAttemptTimeout(Duration value) {
        ConnectDefaults.attemptTimeout(value);
    }

    /** Node's {@code net.isIP(input)}: 4 for an IPv4 address, 6 for IPv6, 0 otherwise. Never throws. */
    public static int isIP(@Nullable String input) {
        return input == null ? 0 : IpAddresses.isIP(input);
    }

    /** Node's {@code net.isIPv4(input)}. Never throws; null gives false. */
    public static boolean isIPv4(@Nullable String input) {
        return isIP(input) == 4;
    }

    /** Node's {@code net.isIPv6(input)}. Never throws; null gives false. */
    public static boolean isIPv6(@Nullable String input) {
        return isIP(input) == 6;
    }
}
