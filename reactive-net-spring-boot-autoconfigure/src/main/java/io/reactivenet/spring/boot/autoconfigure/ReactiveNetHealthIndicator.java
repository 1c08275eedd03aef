package io.reactivenet.spring.boot.autoconfigure;

import io.reactivenet.ListeningServer;
import io.reactivenet.SocketAddress;
import io.reactivenet.spring.boot.ReactiveNetServerLifecycle;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The TCP server's health: UP while it listens, DOWN before it started and once it is closing,
 * with the details {@code address}, {@code port}, {@code connections} (open now, Node's
 * {@code getConnections()}) and {@code maxConnections} (absent when unlimited).
 *
 * <p>Reads the server's counters only: cheap, never blocks, callable from any thread.
 */
public final class ReactiveNetHealthIndicator extends AbstractHealthIndicator {

    private final ReactiveNetServerLifecycle lifecycle;

    /** The health of {@code lifecycle}'s server. */
    public ReactiveNetHealthIndicator(ReactiveNetServerLifecycle lifecycle) {
        super("reactive-net server health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ListeningServer server = lifecycle.server();
        if (server == null) {
            builder.down().withDetail("listening", false);
            return;
        }
        boolean listening = server.isListening();
        (listening ? builder.up() : builder.down()).withDetail("listening", listening);
        SocketAddress address = server.address();
        if (address != null) {
            builder.withDetail("address", address.address()).withDetail("port", address.port());
        }
        builder.withDetail("connections", server.connectionCount());
        int max = lifecycle.netServer().options().maxConnections();
        if (max != Integer.MAX_VALUE) {
            builder.withDetail("maxConnections", max);
        }
    }
}
