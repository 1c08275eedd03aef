package io.reactivenet.samples;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivenet.ListenOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.ServerOptions;
import java.time.Duration;

/** The echo server: every byte a client sends comes back, backpressured end to end. */
public final class EchoServer {

    private EchoServer() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("echo-server")
                .option("port", "8080", "TCP port to listen on (0: any free port)")
                .option("host", "127.0.0.1", "address to listen on")
                .serverOptions()
                .transportOption()
                .tlsServerOptions()
                .flag("metrics", "record Micrometer metrics; print a one-line summary of them on shutdown");
        if (!o.parse(args)) {
            return 0;
        }
        int port = o.port();
        String host = o.string("host");
        ServerOptions options = Servers.on(o.transport(), "echo-server").proxyProtocol(o.proxyProtocol())
                .tls(o.serverTls());
        SimpleMeterRegistry registry = o.flagSet("metrics") ? new SimpleMeterRegistry() : null;
        if (registry != null) {
            options = options.metrics(registry);
        }
        ListenOptions listen = ListenOptions.onPort(port).host(host).reusePort(o.flagSet("reuse-port"));
        var stop = Signals.onStop();
        // tag::echo[]
        ListeningServer server = Net.createServer(options, socket -> socket.send(socket.inbound()))
                .listen(listen)
                .block(Duration.ofSeconds(10));
        // end::echo[]
        Servers.announce(server);
        // SIGINT/SIGTERM: stop accepting, let open sockets finish (bounded), exit 0.
        int status = Servers.awaitStopThenClose(server, stop, () -> { });
        if (registry != null) {
            System.out.println(MetricsSummary.of(registry));
        }
        return status;
    }
}
