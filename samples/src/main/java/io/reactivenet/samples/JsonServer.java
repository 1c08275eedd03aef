package io.reactivenet.samples;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.ServerOptions;
import io.reactivenet.json.tutorial.TutorialProtocol;
import java.time.Duration;

/**
 * The tutorial's newline-delimited JSON protocol server (greeting, time and stats queries, error
 * replies; see {@link TutorialProtocol}): one reply per line, in order, written with backpressure.
 */
final class JsonServer {

    private JsonServer() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("json-server")
                .option("port", "8080", "TCP port to listen on (0: any free port)")
                .option("host", "127.0.0.1", "address to listen on")
                .transportOption();
        if (!o.parse(args)) {
            return 0;
        }
        int port = o.port();
        String host = o.string("host");
        ServerOptions options = Servers.on(o.transport(), "json-server");
        var stop = Signals.onStop();
        ListeningServer server = Net.createServer(options, TutorialProtocol.server())
                .listen(port, host)
                .block(Duration.ofSeconds(10));
        Servers.announce(server);
        return Servers.awaitStopThenClose(server, stop, () -> { });
    }
}
