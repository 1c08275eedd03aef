package io.reactivenet.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.reactivenet.metrics.NetMetrics;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Meter names, tag keys and the registry-wide pieces the recorders share: the active-connection
 * gauges (one number per name and tags, however many servers feed it) and the address-tag caps.
 */
final class Meters {

    static final String TRANSPORT = "transport";
    static final String REMOTE = "remote.address";
    static final String LOCAL = "local.address";
    static final String CODE = "code";
    static final String STATUS = "status";
    static final String OUTCOME = "outcome";
    static final String SUCCESS = "SUCCESS";

    /** Per registry: the numbers behind the active-connection gauges, and the tag keys already capped. */
    private static final Map<MeterRegistry, Shared> SHARED = new WeakHashMap<>();

    private Meters() {
    }

    private static final class Shared {
        final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
        final Set<String> capped = ConcurrentHashMap.newKeySet();
    }

    private static Shared shared(MeterRegistry registry) {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(registry, r -> new Shared());
        }
    }

    /** The base tags of a side: the transport, tcp or unix. */
    static Tags base(boolean domain) {
        return Tags.of(TRANSPORT, domain ? "unix" : "tcp");
    }

    /**
     * The number behind gauge {@code name} with {@code tags}: several servers on one registry with
     * the same tags share it (Micrometer keeps only the first object registered for a gauge id).
     */
    static AtomicInteger gauge(MeterRegistry registry, String name, Tags tags, String description) {
        Shared shared = shared(registry);
        return shared.gauges.computeIfAbsent(name + tags, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(name, value, AtomicInteger::get).tags(tags).description(description)
                    .strongReference(true).register(registry);
            return value;
        });
    }

    /** Adds the documented cap on distinct values of the address tags, once per registry, key and cap. */
    static void capAddressTags(NetMetrics metrics) {
        Shared shared = shared(metrics.registry());
        for (String key : new String[] {REMOTE, LOCAL}) {
            boolean on = key.equals(REMOTE) ? metrics.remoteAddressTag() : metrics.localAddressTag();
            if (on && shared.capped.add(key + "/" + metrics.maxAddressTags())) {
                metrics.registry().config().meterFilter(MeterFilter.maximumAllowableTags(NetMetrics.PREFIX + ".", key,
                        metrics.maxAddressTags(), MeterFilter.deny()));
            }
        }
    }

    /** {@code tags} plus the address tags the metrics asked for. */
    static Tags withAddresses(NetMetrics metrics, Tags tags, java.net.@Nullable SocketAddress remote,
            java.net.@Nullable SocketAddress local) {
        Tags t = tags;
        if (metrics.remoteAddressTag()) {
            t = t.and(REMOTE, format(remote));
        }
        if (metrics.localAddressTag()) {
            t = t.and(LOCAL, format(local));
        }
        return t;
    }

    /** {@code host:port} for IP addresses (IPv6 in brackets), the path for Unix sockets. */
    static String format(@Nullable SocketAddress address) {
        if (address instanceof InetSocketAddress isa) {
            String host = isa.getAddress() != null ? isa.getAddress().getHostAddress() : isa.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + isa.getPort();
        }
        return address == null ? "none" : String.valueOf(address);
    }

    static Counter counter(MeterRegistry registry, String name, Tags tags, String description) {
        return Counter.builder(name).tags(tags).description(description).register(registry);
    }

    static DistributionSummary bytes(MeterRegistry registry, String name, Tags tags, String description) {
        return DistributionSummary.builder(name).baseUnit("bytes").tags(tags).description(description)
                .register(registry);
    }
}
