package io.reactivenet.samples;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.timeout.IdleReaction;
import io.reactivenet.timeout.Timeouts;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The tutorial's timeout server: echoes, and a client that sends nothing for {@code --idle}
 * (Node's {@code socket.setTimeout}) is told so and disconnected. Idle means no bytes either way.
 */
final class TimeoutServer {

    static final String MESSAGE = "You have been inactive for too long. Disconnecting...\r\n";

    private TimeoutServer() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("timeout-server")
                .option("port", "8080", "TCP port to listen on (0: any free port)")
                .option("host", "127.0.0.1", "address to listen on")
                .option("idle", null, "disconnect a client after this long without traffic, e.g. 10s");
        if (!o.parse(args)) {
            return 0;
        }
        int port = o.port();
        String host = o.string("host");
        Duration idle = o.duration("idle", false);
        var stop = Signals.onStop();
        ListeningServer server = Net.createServer(raw -> {
            // SIGNAL: timeouts() emits when the socket has been idle; what to do is ours to say.
            NetSocket socket = Timeouts.idle(idle, IdleReaction.SIGNAL).apply(raw);
            Mono<Void> echo = socket.send(socket.inbound());
            Mono<Void> idleThenBye = socket.timeouts().next().flatMap(d -> socket.write(MESSAGE));
            // Whichever ends first: the client ends (echo completes), or it idled and was told.
            // Either way the handler completes and the server ends the socket gracefully.
            return Mono.firstWithSignal(echo, idleThenBye);
        }).listen(port, host).block(Duration.ofSeconds(10));
        Servers.announce(server);
        return Servers.awaitStopThenClose(server, stop, () -> { });
    }
}
