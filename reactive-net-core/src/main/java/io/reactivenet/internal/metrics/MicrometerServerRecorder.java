package io.reactivenet.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.channel.Channel;
import io.reactivenet.NetSocket;
import io.reactivenet.internal.Errors;
import io.reactivenet.metrics.NetMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The server's meters in a Micrometer registry (names in docs/observability.md). Without address
 * tags every meter is resolved once, here, and the accept path only increments; with them the
 * per-connection meters are looked up per connection (that is what the tags cost).
 */
final class MicrometerServerRecorder implements ServerRecorder {

    private static final String P = NetMetrics.PREFIX + ".server.";

    private final NetMetrics metrics;
    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicInteger active;
    private final Counter total;
    private final Counter dropped;
    private final Counter blocked;
    private final Map<String, Counter> acceptErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final boolean perConnection;
    private final @Nullable TrafficHandler shared;

    MicrometerServerRecorder(NetMetrics metrics, boolean domain) {
        this.metrics = metrics;
        this.registry = metrics.registry();
        this.tags = Meters.base(domain);
        Meters.capAddressTags(metrics);
        this.active = Meters.gauge(registry, P + "connections.active", tags, "Connections open now");
        this.total = Meters.counter(registry, P + "connections.total", tags, "Connections accepted");
        this.dropped = Meters.counter(registry, P + "connections.dropped", tags,
                "Connections closed at accept because of maxConnections");
        this.blocked = Meters.counter(registry, P + "connections.blocked", tags,
                "Connections closed at accept because the BlockList blocked the peer");
        this.perConnection = metrics.remoteAddressTag() || metrics.localAddressTag();
        this.shared = perConnection ? null : traffic(tags);
        // Registered up front: when descriptors run out, nothing new can be loaded to make them.
        acceptError("EMFILE", 0);
        acceptError("ENFILE", 0);
    }

    private TrafficHandler traffic(Tags t) {
        return new TrafficHandler(Meters.bytes(registry, P + "data.received", t, "Bytes read, one sample per read"),
                Meters.bytes(registry, P + "data.sent", t, "Bytes written, one sample per write"));
    }

    @Override
    public void accepted(Channel channel, NetSocket socket) {
        total.increment();
        active.incrementAndGet();
        channel.closeFuture().addListener(f -> active.decrementAndGet());
        Tags connection = perConnection
                ? Meters.withAddresses(metrics, tags, channel.remoteAddress(), channel.localAddress()) : tags;
        TrafficHandler handler = shared != null ? shared : traffic(connection);
        channel.pipeline().addFirst(TrafficHandler.NAME, handler);
        socket.onClose().subscribe(event -> {
            Throwable error = event.error();
            if (event.hadError() && error != null) {
                String code = Errors.codeOf(error);
                if (perConnection) {
                    Meters.counter(registry, P + "errors", connection.and(Meters.CODE, code), "Sockets closed by an error")
                            .increment();
                } else {
                    errors.computeIfAbsent(code, c -> Meters.counter(registry, P + "errors", tags.and(Meters.CODE, c),
                            "Sockets closed by an error")).increment();
                }
            }
        });
    }

    @Override
    public void dropped() {
        dropped.increment();
    }

    @Override
    public void blocked() {
        blocked.increment();
    }

    @Override
    public void acceptError(String code) {
        acceptError(code, 1);
    }

    private void acceptError(String code, int n) {
        acceptErrors.computeIfAbsent(code, c -> Meters.counter(registry, P + "accept.errors", tags.and(Meters.CODE, c),
                "Failed accepts (EMFILE, ENFILE, ...)")).increment(n);
    }
}
