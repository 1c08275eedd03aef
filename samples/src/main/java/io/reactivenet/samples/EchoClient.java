package io.reactivenet.samples;

import io.reactivenet.ConnectOptions;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The echo client: standard input goes to the server, whatever the server sends goes to standard
 * output. Ends our side when stdin ends; exits 0 when the server has ended its side.
 */
final class EchoClient {

    private EchoClient() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("echo-client")
                .option("port", "8080", "TCP port of the server")
                .option("host", "127.0.0.1", "host of the server");
        if (!o.parse(args)) {
            return 0;
        }
        NetSocket socket = Net.connect(ConnectOptions.to(o.string("host"), o.port()).timeout(Duration.ofSeconds(10)))
                .block();
        return pipe(socket);
    }

    /** Pipes stdin to {@code socket} and {@code socket} to stdout (shared with ipc-client). */
    static int pipe(NetSocket socket) {
        // stdin -> socket, then FIN (Node's socket.end()) so that the server knows we are done.
        socket.send(Stdio.read(System.in))
                .then(socket.end())
                .subscribe(null, e -> socket.destroy(e));
        // socket -> stdout until the server ends its side.
        return socket.inbound()
                .doOnNext(Stdio::write)
                .then(Mono.just(0))
                .onErrorResume(e -> {
                    System.err.println("connection lost: " + Main.describe(e));
                    return Mono.just(1);
                })
                .block();
    }
}
