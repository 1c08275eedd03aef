package io.reactivenet.samples.docs;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.framing.Oversized;
import io.reactivenet.json.JsonChannel;
import io.reactivenet.json.JsonCodec;
import io.reactivenet.json.JsonFrame;
import io.reactivenet.json.MessageTypes;
import io.reactivenet.json.tutorial.TutorialClient;
import io.reactivenet.json.tutorial.TutorialProtocol;
import io.reactivenet.json.tutorial.TutorialProtocol.Query;
import io.reactivenet.json.tutorial.TutorialProtocol.Response;
import io.reactivenet.json.tutorial.TutorialProtocol.Welcome;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** The examples of {@code docs/json.md}, compiled and run by {@code DocsTest}. */
public final class JsonExamples {

    private JsonExamples() {
    }

    /** An application message of the examples. */
    public record Order(String id, int quantity) {
    }

    /** A server that doubles every order it can read; returns the frames the client decoded. */
    public static List<JsonFrame<Order>> codec() {
        // docs:begin json-codec
        JsonCodec codec = JsonCodec.ndjson(JsonMapper.shared())       // or lengthPrefixed(mapper): 4-byte length
                .withMaxLength(64 * 1024)                             // per message, without framing; default 1 MiB
                .withOversized(Oversized.DISCARD);                    // or FAIL (default), as the core codecs
        ListeningServer server = Net.createServer(socket -> socket.send(codec.encoder().apply(
                        socket.inbound()
                                .transform(codec.decoder(Order.class))  // malformed messages are skipped
                                .map(order -> new Order(order.id(), 2 * order.quantity())))))
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));

        NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(Duration.ofSeconds(5));
        List<JsonFrame<Order>> frames = client.write("{\"id\":\"a\",\"quantity\":1}\nnot json\n")
                .then(client.end())
                .thenMany(client.inbound().transform(codec.frames(Order.class)))  // Value or Malformed
                .collectList()
                .block(Duration.ofSeconds(5));                        // [Value(Order[id=a, quantity=2])]
        // docs:end json-codec
        server.close().block(Duration.ofSeconds(5));
        return frames;
    }

    /** What {@link #tutorial()} observed. */
    public record Tutorial(Welcome welcome, Response stats, Response time) {
    }

    /** The tutorial protocol's server and client, and a request over a plain {@link JsonChannel}. */
    public static Tutorial tutorial() {
        // docs:begin json-tutorial
        ListeningServer server = Net.createServer(TutorialProtocol.server())
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));
        TutorialClient client = TutorialClient.connect(ConnectOptions.to("127.0.0.1", server.address().port()))
                .block(Duration.ofSeconds(5));
        Welcome welcome = client.greet("Client").block(Duration.ofSeconds(5));   // "Hello, Client!"
        Response stats = client.query("stats").block(Duration.ofSeconds(5));     // uptime, memory, platform
        // docs:end json-tutorial
        client.end().block(Duration.ofSeconds(5));
        NetSocket socket = Net.connect(server.address().port(), "127.0.0.1").block(Duration.ofSeconds(5));
        // docs:begin json-channel
        MessageTypes types = MessageTypes.byType()                    // the "type" field names the Java type
                .register("query", Query.class)
                .register("response", Response.class);
        JsonChannel channel = JsonChannel.of(socket, JsonCodec.ndjson(JsonMapper.shared()), types, "queryId");
        Response time = channel.request(new Query(7, "time"), Response.class, Duration.ofSeconds(2))
                .block(Duration.ofSeconds(5));                        // the reply whose "queryId" is 7
        // docs:end json-channel
        channel.end().block(Duration.ofSeconds(5));
        server.close().block(Duration.ofSeconds(5));
        return new Tutorial(welcome, stats, time);
    }
}
