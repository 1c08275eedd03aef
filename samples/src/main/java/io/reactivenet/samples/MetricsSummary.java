package io.reactivenet.samples;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one-line summary a server sample prints on shutdown when run with {@code --metrics}: what
 * its Micrometer meters ({@code reactivenet.server.*}, docs/observability.md) counted.
 */
final class MetricsSummary {

    private MetricsSummary() {
    }

    /** {@code "metrics: connections 3 (dropped 0, blocked 0), bytes in 12 out 12, errors 0"}. */
    static String of(MeterRegistry registry) {
        String p = "reactivenet.server.";
        return "metrics: connections " + count(registry, p + "connections.total")
                + " (dropped " + count(registry, p + "connections.dropped")
                + ", blocked " + count(registry, p + "connections.blocked")
                + "), bytes in " + bytes(registry, p + "data.received")
                + " out " + bytes(registry, p + "data.sent")
                + ", errors " + (count(registry, p + "errors") + count(registry, p + "accept.errors"));
    }

    /** The sum over every tag combination of counter {@code name} (0 when none was registered). */
    private static long count(MeterRegistry registry, String name) {
        return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static long bytes(MeterRegistry registry, String name) {
        return (long) registry.find(name).summaries().stream().mapToDouble(DistributionSummary::totalAmount).sum();
    }
}
