package io.reactivenet.samples.docs;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.text.Text;
import io.reactivenet.timeout.IdleReaction;
import io.reactivenet.timeout.Timeouts;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The examples of {@code docs/timeouts.md}, compiled and run by {@code DocsTest}. */
public final class TimeoutExamples {

    private TimeoutExamples() {
    }

    /** A server that ends idle sockets; returns what a client that goes quiet after "ping" read. */
    public static String serverIdle() {
        // docs:begin timeouts-server
        ListeningServer server = Net.createServer(raw -> {
                    // Node's socket.setTimeout(1000) plus a close: 1 s without a byte either way ends it
                    NetSocket socket = Timeouts.idle(Duration.ofSeconds(1), IdleReaction.CLOSE).apply(raw);
                    return socket.send(socket.inbound()
                            .transform(Timeouts.read(Duration.ofSeconds(10))));  // no byte for 10 s: error
                })
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));
        // docs:end timeouts-server
        NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(Duration.ofSeconds(5));
        String read = client.write("ping")
                .thenMany(client.inbound().transform(Text.utf8()))
                .reduce("", String::concat)
                .block(Duration.ofSeconds(5));
        server.close().block(Duration.ofSeconds(5));
        return read;
    }

    /** A client's Node-style timeout signal and a write timeout; returns the first 'timeout'. */
    public static List<Duration> clientTimeout() throws Exception {
        ListeningServer server = Net.createServer(socket -> socket.send(socket.inbound()))
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));
        NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(Duration.ofSeconds(5));
        // docs:begin timeouts-client
        client.setTimeout(Duration.ofMillis(100));                    // Node's API: signals, never closes
        Flux<Duration> timeouts = client.timeouts();                  // Node's 'timeout' event
        Mono<Void> written = client.write("ping")
                .transform(Timeouts.write(Duration.ofSeconds(5)));    // not flushed within 5 s: error
        // docs:end timeouts-client
        // Subscribed before the write: the write is activity, so a 'timeout' follows it.
        var first = timeouts.next().toFuture();
        written.block(Duration.ofSeconds(5));
        // Awaited before the close below: a closed socket's timeouts() completes without a 'timeout'.
        Duration firstTimeout = first.get(5, java.util.concurrent.TimeUnit.SECONDS);
        // Nobody reads this client: end() alone would only half-close it, and the echoed "ping" and the
        // server's FIN would wait unread forever. destroySoon() ends our side, drops what arrives and
        // closes once the server's FIN is in.
        client.destroySoon();
        client.onClose().block(Duration.ofSeconds(5));
        server.close().block(Duration.ofSeconds(5));
        return List.of(firstTimeout);
    }
}
