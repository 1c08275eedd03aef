package io.reactivenet.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.reactivenet.NetArgumentException;
import io.reactivenet.framing.DroppedFrame;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where and how a server or client records its Micrometer meters: the registry, and whether the
 * per-connection meters carry the peer's and our own address as tags. Immutable: setters return a
 * changed copy. Give it to {@code ServerOptions.metrics(NetMetrics)} or
 * {@code ConnectOptions.metrics(NetMetrics)}; the {@code metrics(MeterRegistry)} shortcuts use
 * {@link #of(MeterRegistry)}.
 *
 * <p>Node has no counterpart (Node users read {@code server.getConnections()} and
 * {@code socket.bytesRead}); the names follow Reactor Netty's {@code reactor.netty.tcp.server.*}
 * under the prefix {@value #PREFIX} (list: docs/observability.md).
 *
 * <p>Cardinality: address tags are off by default. With {@link #remoteAddressTag(boolean)} or
 * {@link #localAddressTag(boolean)} on, every distinct {@code host:port} makes new meters, so the
 * first server or client that uses this value adds a {@code MeterFilter.maximumAllowableTags} to
 * the registry for each address tag key and the prefix {@value #PREFIX}: at most
 * {@link #maxAddressTags(int)} distinct values per key (default {@value #DEFAULT_MAX_ADDRESS_TAGS});
 * meters for further addresses are denied (Micrometer returns a no-op meter for them).
 *
 * <p>Threading: meters are updated on event loops, concurrently from many connections; Micrometer
 * meters are thread-safe. Recording never blocks and never applies backpressure.
 */
public final class NetMetrics {

    /** The prefix of every meter name. */
    public static final String PREFIX = "reactivenet";
    /** Default cap on distinct values of one address tag key. */
    public static final int DEFAULT_MAX_ADDRESS_TAGS = 100;

    private final MeterRegistry registry;
    private final boolean remoteAddressTag;
    private final boolean localAddressTag;
    private final int maxAddressTags;

    private NetMetrics(MeterRegistry registry, boolean remoteAddressTag, boolean localAddressTag, int maxAddressTags) {
        this.registry = registry;
        this.remoteAddressTag = remoteAddressTag;
        this.localAddressTag = localAddressTag;
        this.maxAddressTags = maxAddressTags;
    }

    /** Meters in {@code registry}, without address tags. */
    public static NetMetrics of(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new NetMetrics(registry, false, false, DEFAULT_MAX_ADDRESS_TAGS);
    }

    /** Tag per-connection meters with {@code remote.address} ({@code host:port} of the peer). */
    public NetMetrics remoteAddressTag(boolean on) {
        return new NetMetrics(registry, on, localAddressTag, maxAddressTags);
    }

    /** Tag per-connection meters with {@code local.address} ({@code host:port} of our end). */
    public NetMetrics localAddressTag(boolean on) {
        return new NetMetrics(registry, remoteAddressTag, on, maxAddressTags);
    }

    /** The most distinct values one address tag key may take in the registry; at least 1. */
    public NetMetrics maxAddressTags(int max) {
        if (max < 1) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"maxAddressTags\" is out of range. It must be >= 1. Received " + max);
        }
        return new NetMetrics(registry, remoteAddressTag, localAddressTag, max);
    }

    /**
     * A drop listener for a framing codec in {@code Oversized.DISCARD} mode
     * ({@code LineCodec.withDropListener(metrics.droppedFrames("lines"))}): counts each oversized
     * frame skipped in {@code reactivenet.framing.frames.dropped} and its length in
     * {@code reactivenet.framing.frames.dropped.size} (bytes), both tagged {@code codec}. Name the
     * codec by what it frames, not by the peer: every distinct name makes new meters.
     */
    public Consumer<DroppedFrame> droppedFrames(String codec) {
        Objects.requireNonNull(codec, "codec");
        Counter count = Counter.builder(PREFIX + ".framing.frames.dropped").tag("codec", codec)
                .description("Oversized frames skipped by a decoder in DISCARD mode").register(registry);
        DistributionSummary size = DistributionSummary.builder(PREFIX + ".framing.frames.dropped.size")
                .baseUnit("bytes").tag("codec", codec).description("Length of each oversized frame skipped")
                .register(registry);
        return dropped -> {
            count.increment();
            size.record(dropped.length());
        };
    }

    /**
     * A malformed-message listener for a decoder that skips what does not decode, as the JSON
     * codecs in {@code OnMalformed.SKIP} mode ({@code JsonCodec.withMalformedListener(metrics.malformedMessages("ndjson"))}):
     * counts each skipped message in {@code reactivenet.codec.messages.malformed}, tagged
     * {@code codec}. Name the codec by its format, not by the peer: every distinct name makes a new
     * counter.
     *
     * @param <T> whatever the decoder reports a malformed message as
     */
    public <T> Consumer<T> malformedMessages(String codec) {
        Objects.requireNonNull(codec, "codec");
        Counter count = Counter.builder(PREFIX + ".codec.messages.malformed").tag("codec", codec)
                .description("Messages a decoder skipped because they did not decode").register(registry);
        return malformed -> count.increment();
    }

    /**
     * A request-timeout listener for the JSON request/response API
     * ({@code JsonCodec.withRequestTimeoutListener(metrics.requestTimeouts("ndjson"))}, reactive-net-json):
     * counts each request that got no response within its timeout in
     * {@code reactivenet.json.request.timeouts}, tagged {@code codec}. The counter exists (at 0) from
     * this call on. Name the codec by its protocol, not by the peer: every distinct name makes a new
     * counter.
     *
     * @param <T> whatever the caller reports a timeout as ({@code RequestTimeoutException})
     */
    public <T> Consumer<T> requestTimeouts(String codec) {
        Objects.requireNonNull(codec, "codec");
        Counter count = Counter.builder(PREFIX + ".json.request.timeouts").tag("codec", codec)
                .description("Requests that got no response within their timeout").register(registry);
        return timedOut -> count.increment();
    }

    public MeterRegistry registry() {
        return registry;
    }

    public boolean remoteAddressTag() {
        return remoteAddressTag;
    }

    public boolean localAddressTag() {
        return localAddressTag;
    }

    public int maxAddressTags() {
        return maxAddressTags;
    }

    /** Equal when the registry is the same object and the settings are equal. */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof NetMetrics m && registry == m.registry && remoteAddressTag == m.remoteAddressTag
                && localAddressTag == m.localAddressTag && maxAddressTags == m.maxAddressTags;
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(registry), remoteAddressTag, localAddressTag, maxAddressTags);
    }

    @Override
    public String toString() {
        return "NetMetrics{" + registry.getClass().getSimpleName() + ", remoteAddressTag=" + remoteAddressTag
                + ", localAddressTag=" + localAddressTag + ", maxAddressTags=" + maxAddressTags + "}";
    }
}
