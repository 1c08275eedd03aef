package io.reactivenet.samples;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The README's quick start, compiled and run by {@code QuickStartTest}; {@code DocsTest} checks that the
 * README's block is the region between the {@code docs:} markers.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /** Runs the quick start and returns what the client read back. */
    public static String run() {
        // docs:begin quickstart
        // A server: each socket's inbound bytes are sent back (echo), backpressured end to end.
        ListeningServer server = Net.createServer(socket -> socket.send(socket.inbound()))
                .listen(0, "127.0.0.1")                     // Mono<ListeningServer>: 'listening'
                .block(Duration.ofSeconds(5));

        // A client: connect, write, half-close, and read until the server ends.
        NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(Duration.ofSeconds(5));
        String reply = client.write("hello, reactive-net")
                .then(client.end())                          // FIN: Node's socket.end()
                .thenMany(client.inbound())                  // 'data' = onNext, 'end' = onComplete
                .map(buffer -> StandardCharsets.UTF_8.decode(buffer).toString())
                .reduce("", String::concat)
                .block(Duration.ofSeconds(5));

        server.close().block(Duration.ofSeconds(5));        // graceful: waits for open sockets
        // docs:end quickstart
        return reply;
    }
}
