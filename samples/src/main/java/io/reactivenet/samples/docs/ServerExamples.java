package io.reactivenet.samples.docs;

import io.reactivenet.CloseEvent;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.SocketAddress;
import io.reactivenet.text.Text;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The examples of {@code docs/server-and-socket.md}, compiled and run by {@code DocsTest}. */
public final class ServerExamples {

    private ServerExamples() {
    }

    /** What {@link #serverAndClient()} observed. */
    public record Greeting(String text, CloseEvent close, ServerEvent firstEvent, int port) {
    }

    /** A server that greets each socket and ends it; a client that reads until the server ends. */
    public static Greeting serverAndClient() {
        // docs:begin server
        ListeningServer server = Net.createServer(ServerOptions.defaults()
                                .maxConnections(100)                  // Node's server.maxConnections
                                .allowHalfOpen(true)                  // our side ends when the handler is done
                                .endGrace(Duration.ofSeconds(1)),     // then waits this long for the peer's FIN
                        socket -> socket.write("hello " + socket.remoteAddress() + "\n"))  // 'connection'
                .listen(0, "127.0.0.1")                               // Mono<ListeningServer>: 'listening'
                .block(Duration.ofSeconds(5));
        SocketAddress address = server.address();                     // 127.0.0.1 and the port the OS chose
        Flux<ServerEvent> events = server.events();                   // Listening, Connection, Drop, Blocked, Error, Close
        // docs:end server
        // docs:begin client
        NetSocket client = Net.connect(address.port(), "127.0.0.1").block(Duration.ofSeconds(5));
        String text = client.inbound()                                // 'data' = onNext, 'end' = onComplete
                .transform(Text.utf8())
                .reduce("", String::concat)
                .block(Duration.ofSeconds(5));                        // "hello 127.0.0.1\n"
        CloseEvent closed = client.onClose().block(Duration.ofSeconds(5));  // 'close': hadError() is false
        server.close().block(Duration.ofSeconds(5));                  // stop accepting, wait for open sockets
        // docs:end client
        return new Greeting(text, closed, events.blockFirst(Duration.ofSeconds(5)), address.port());
    }

    /** A client sends 1 MiB with backpressure; the server answers with the number of bytes it read. */
    public static String sendWithBackpressure() {
        // allowHalfOpen: the server answers after the client's FIN, so its side must stay open.
        ListeningServer server = Net.createServer(ServerOptions.defaults().allowHalfOpen(true),
                        socket -> socket.inbound()
                                .reduce(0L, (n, buffer) -> n + buffer.remaining())
                                .flatMap(n -> socket.write(n + " bytes")))
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));
        NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(Duration.ofSeconds(5));
        // docs:begin send
        Flux<ByteBuffer> chunks = Flux.range(0, 1024)                 // 1024 x 1 KiB, produced on demand
                .map(i -> ByteBuffer.wrap(new byte[1024]));
        String reply = client.send(chunks)                            // asks for more only while writable
                .then(client.end())                                   // FIN once the pending writes are out
                .thenMany(client.inbound())
                .map(buffer -> StandardCharsets.UTF_8.decode(buffer).toString())
                .reduce("", String::concat)
                .block(Duration.ofSeconds(10));                       // "1048576 bytes"
        // docs:end send
        server.close().block(Duration.ofSeconds(5));
        return reply;
    }

    /** The two kinds of failure: a network error with Node's code, a bad argument at the call. */
    public static List<RuntimeException> errors(int closedPort) {
        int port = closedPort;
        // docs:begin errors
        NetException refused = Net.connect(port, "127.0.0.1")         // nothing listens there
                .then(Mono.<NetException>empty())
                .onErrorResume(NetException.class, Mono::just)
                .block(Duration.ofSeconds(5));                        // code() "ECONNREFUSED", message
                                                                      // "connect ECONNREFUSED 127.0.0.1:<port>"
        NetArgumentException badPort = null;
        try {
            Net.createServer(socket -> Mono.empty()).listen(70000);   // thrown at the call, before any I/O
        } catch (NetArgumentException e) {
            badPort = e;                                              // code() "ERR_SOCKET_BAD_PORT"
        }
        // docs:end errors
        return java.util.Arrays.asList(refused, badPort);
    }
}
