package io.reactivenet.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.reactivenet.ConnectEvent;
import io.reactivenet.NetSocket;
import io.reactivenet.internal.Errors;
import io.reactivenet.metrics.NetMetrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A client's meters in a Micrometer registry (names in docs/observability.md). Made per connect
 * (meter registration is idempotent: the registry hands back the existing meters), so nothing is
 * cached across connects but the shared gauge.
 */
final class MicrometerClientRecorder implements ClientRecorder {

    private static final String P = NetMetrics.PREFIX + ".client.";

    private final NetMetrics metrics;
    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicInteger active;

    MicrometerClientRecorder(NetMetrics metrics, boolean domain) {
        this.metrics = metrics;
        this.registry = metrics.registry();
        this.tags = Meters.base(domain);
        Meters.capAddressTags(metrics);
        this.active = Meters.gauge(registry, P + "connections.active", tags, "Connected sockets open now");
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void channelInit(Channel channel) {
        if (!metrics.remoteAddressTag() && !metrics.localAddressTag()) {
            channel.pipeline().addFirst(TrafficHandler.NAME, traffic(tags));
            return;
        }
        // The addresses are known once connected: the byte meters are chosen then (nothing is read before).
        channel.pipeline().addFirst(TrafficHandler.NAME, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.pipeline().replace(this, TrafficHandler.NAME, traffic(connectionTags(ctx.channel())));
                ctx.fireChannelActive();
            }
        });
    }

    private Tags connectionTags(Channel channel) {
        return Meters.withAddresses(metrics, tags, channel.remoteAddress(), channel.localAddress());
    }

    private TrafficHandler traffic(Tags t) {
        return new TrafficHandler(Meters.bytes(registry, P + "data.received", t, "Bytes read, one sample per read"),
                Meters.bytes(registry, P + "data.sent", t, "Bytes written, one sample per write"));
    }

    @Override
    public Consumer<? super ConnectEvent> listener(long startNanos, @Nullable Consumer<? super ConnectEvent> user) {
        return event -> {
            if (event instanceof ConnectEvent.Lookup lookup) {
                NetErrorStatus status = NetErrorStatus.of(lookup.error());
                Timer.builder(P + "address.resolver").tags(tags.and(Meters.STATUS, status.value))
                        .description("Time to look the host name up").register(registry)
                        .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            } else if (event instanceof ConnectEvent.ConnectionAttemptFailed) {
                attempt("failed");
            } else if (event instanceof ConnectEvent.ConnectionAttemptTimeout) {
                attempt("timeout");
            }
            if (user != null) {
                user.accept(event);
            }
        };
    }

    private void attempt(String outcome) {
        Counter.builder(P + "connect.attempts").tags(tags.and(Meters.OUTCOME, outcome))
                .description("Connection attempts (Happy Eyeballs) by outcome").register(registry).increment();
    }

    @Override
    public void connected(long startNanos, NetSocket socket) {
        connectTime(startNanos, Meters.SUCCESS);
        attempt("success");
        active.incrementAndGet();
        Tags connection = metrics.remoteAddressTag() || metrics.localAddressTag()
                ? Meters.withAddresses(metrics, tags, inet(socket.remote()), inet(socket.local())) : tags;
        socket.onClose().subscribe(event -> {
            active.decrementAndGet();
            Throwable error = event.error();
            if (event.hadError() && error != null) {
                Meters.counter(registry, P + "errors", connection.and(Meters.CODE, Errors.codeOf(error)),
                        "Sockets closed by an error").increment();
            }
        });
    }

    private static java.net.@Nullable SocketAddress inet(io.reactivenet.@Nullable SocketAddress a) {
        return a == null ? null : new java.net.InetSocketAddress(a.address(), a.port()); // a literal: no lookup
    }

    @Override
    public void failed(long startNanos, Throwable error) {
        connectTime(startNanos, Errors.codeOf(error));
    }

    private void connectTime(long startNanos, String status) {
        Timer.builder(P + "connect.time").tags(tags.and(Meters.STATUS, status))
                .description("Time from connect() to a connected socket or the failure").register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** SUCCESS, or the error's Node code. */
    private record NetErrorStatus(String value) {
        static NetErrorStatus of(@Nullable Throwable error) {
            return new NetErrorStatus(error == null ? Meters.SUCCESS : Errors.codeOf(error));
        }
    }
}
