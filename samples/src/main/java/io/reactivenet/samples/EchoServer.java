package io.reactivenet.samples;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import java.time.Duration;

/** The echo server: every byte a client sends comes back, backpressured end to end. */
public final class EchoServer {

    private EchoServer() {
    }

    static int run(String[] args) throws InterruptedException {
        int port = 8080;
        String host = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--help" -> {
                    System.out.println("echo-server [--port N] [--host H]");
                    return 0;
                }
                default -> {
                    System.err.println("echo-server: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        var stop = Signals.onStop();
        // tag::echo[]
        ListeningServer server = Net.createServer(socket -> socket.send(socket.inbound()))
                .listen(port, host)
                .block(Duration.ofSeconds(10));
        // end::echo[]
        System.out.println("listening on " + host + ":" + server.address().port());
        System.out.flush();
        // SIGINT/SIGTERM: stop accepting, let open sockets finish (bounded), exit 0.
        stop.await();
        server.closeAndWait(Duration.ofSeconds(3));
        return 0;
    }
}
