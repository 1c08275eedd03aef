package io.reactivenet.samples.docs;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.SocketTuning;
import io.reactivenet.Wiretap;
import io.micrometer.observation.ObservationRegistry;
import io.reactivenet.metrics.NetMetrics;
import io.reactivenet.text.Text;
import java.time.Duration;

/** The examples of {@code docs/observability.md}, compiled and run by {@code DocsTest}. */
public final class ObservabilityExamples {

    private ObservabilityExamples() {
    }

    /** What {@link #metrics()} read from the registry after one echo. */
    public record Counted(double accepted, double bytesIn, double connects, double active) {
    }

    /** An echo server and a client recording into one registry; returns a few of the meters. */
    public static Counted metrics() {
        // docs:begin observability-metrics
        MeterRegistry registry = new SimpleMeterRegistry();      // or your Prometheus/OTLP registry
        ListeningServer server = Net.createServer(
                        ServerOptions.defaults().metrics(registry),
                        socket -> socket.send(socket.inbound()))
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));
        ConnectOptions client = ConnectOptions.to("127.0.0.1", server.address().port())
                .metrics(NetMetrics.of(registry).remoteAddressTag(true).maxAddressTags(100));
        // docs:end observability-metrics
        NetSocket socket = Net.connect(client).block(Duration.ofSeconds(5));
        socket.write("ping").then(socket.end()).block(Duration.ofSeconds(5));
        socket.inbound().transform(Text.utf8()).blockLast(Duration.ofSeconds(5));
        socket.onClose().block(Duration.ofSeconds(5));
        server.close().block(Duration.ofSeconds(5));
        return new Counted(
                registry.get("reactivenet.server.connections.total").counter().count(),
                registry.get("reactivenet.server.data.received").summary().totalAmount(),
                registry.get("reactivenet.client.connect.time").tag("status", "SUCCESS").timer().count(),
                registry.get("reactivenet.server.connections.active").gauge().value());
    }

    /** A server with wire logging, tuned sockets and a limit raised while it runs; returns the limit. */
    public static int wiretapAndTuning() {
        // docs:begin observability-wiretap
        ServerOptions options = ServerOptions.defaults()
                .wiretap("my.app.wire", Wiretap.Level.DEBUG, Wiretap.Format.TEXT)   // off by default
                .keepAlive(true)                                                     // probes 1 s apart, 10 of them (Node's)
                .tuning(SocketTuning.defaults()
                        .receiveBufferSize(256 * 1024)
                        .keepAliveCount(5)
                        .linger(Duration.ZERO));                                     // close with RST
        ListeningServer server = Net.createServer(options, socket -> socket.send(socket.inbound()))
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));
        server.events().ofType(ServerEvent.Error.class)                              // EMFILE and friends
                .subscribe(e -> System.err.println("server error: " + e.error()));
        server.maxConnections(1_000);                                                // Node's server.maxConnections = 1000
        // docs:end observability-wiretap
        int limit = server.maxConnections();
        server.close().block(Duration.ofSeconds(5));
        return limit;
    }

    /** What {@link #observations()} read from the timers its observations made. */
    public record Observed(long connects, long attempts, long accepts) {
    }

    /** An echo server and a client observed through one registry; the observations feed timers. */
    public static Observed observations() {
        MeterRegistry meters = new SimpleMeterRegistry();
        // docs:begin observability-tracing
        ObservationRegistry observations = ObservationRegistry.create();
        // A tracing bridge's handler makes spans; Micrometer's meter handler makes a timer per observation.
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        ListeningServer server = Net.createServer(
                        ServerOptions.defaults().observations(observations),
                        socket -> socket.send(socket.inbound()))
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));
        NetSocket socket = Net.connect(ConnectOptions.to("localhost", server.address().port())
                        .observations(observations))
                .block(Duration.ofSeconds(5));
        // docs:end observability-tracing
        // One echo: the server has admitted the connection (the client's connect completes in the
        // kernel, maybe before the server's loop has accepted it; closing first would cancel it).
        socket.write("ping").then(socket.inbound().next()).block(Duration.ofSeconds(5));
        socket.destroy();
        socket.onClose().block(Duration.ofSeconds(5));
        server.close().block(Duration.ofSeconds(5));
        return new Observed(
                meters.get("reactivenet.client.connect").tag("outcome", "success").timer().count(),
                meters.get("reactivenet.client.connect.attempt").tag("outcome", "success").timer().count(),
                meters.get("reactivenet.server.accept").tag("outcome", "admitted").timer().count());
    }
}
