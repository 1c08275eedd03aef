package io.reactivenet;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a connecting socket reports before it connects: name lookups and connection attempts.
 *
 * <p>Node counterpart: the {@code 'lookup'}, {@code 'connectionAttempt'},
 * {@code 'connectionAttemptFailed'} and {@code 'connectionAttemptTimeout'} events of a
 * {@code net.Socket}. Node's {@code 'connect'}/{@code 'ready'} are the success of the connect
 * {@code Mono}; its {@code 'error'} is the Mono's error.
 *
 * <p>Delivered to the listener given with {@link ConnectOptions#onEvent}, in Node's order, one at a
 * time (never concurrently), all before the connect {@code Mono} signals. The listener runs on an
 * event loop or the resolver thread: it must not block. A listener that throws fails the connect
 * with that exception (every attempt is closed).
 *
 * <pre>{@code
 * Net.connect(ConnectOptions.to("localhost", 8080).onEvent(e -> {
 *     if (e instanceof ConnectEvent.ConnectionAttemptFailed f) log.info("{} failed: {}", f.ip(), f.error().code());
 * }));
 * }</pre>
 */
public sealed interface ConnectEvent {

    /**
     * Node's {@code 'lookup'} (err, address, family, host): one per address found, or one carrying
     * the error when the lookup failed. Not emitted when the host is an IP address.
     *
     * @param error   the lookup failure (e.g. code {@code ENOTFOUND}), or null
     * @param address one address found, or null with an error
     * @param family  4 or 6, or 0 with an error
     * @param host    the host name looked up
     */
    record Lookup(@Nullable NetException error, @Nullable String address, int family, String host)
            implements ConnectEvent {
        public Lookup {
            Objects.requireNonNull(host, "host");
        }
    }

    /** Node's {@code 'connectionAttempt'} (ip, port, family): a SYN is about to be sent. */
    record ConnectionAttempt(String ip, int port, int family) implements ConnectEvent {
        public ConnectionAttempt {
            Objects.requireNonNull(ip, "ip");
        }
    }

    /**
     * Node's {@code 'connectionAttemptFailed'} (ip, port, family, error): that attempt failed
     * (refused, unreachable, blocked by the BlockList…).
     */
    record ConnectionAttemptFailed(String ip, int port, int family, NetException error) implements ConnectEvent {
        public ConnectionAttemptFailed {
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * Node's {@code 'connectionAttemptTimeout'} (ip, port, family): the attempt did not connect
     * within the attempt timeout, so the next address is tried. Unlike Node, which closes the slow
     * attempt, it stays in the race until another attempt wins (RFC 8305).
     */
    record ConnectionAttemptTimeout(String ip, int port, int family) implements ConnectEvent {
        public ConnectionAttemptTimeout {
            Objects.requireNonNull(ip, "ip");
        }
    }
}
