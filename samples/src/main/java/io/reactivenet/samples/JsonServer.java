package io.reactivenet.samples;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.json.JsonCodec;
import io.reactivenet.json.tutorial.TutorialProtocol;
import java.time.Duration;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tutorial's newline-delimited JSON protocol server (greeting, time and stats queries, error
 * replies; see {@link TutorialProtocol}): one reply per line, in order, written with backpressure.
 * A request longer than {@code --max-length} ends its connection ({@code ERR_FRAME_TOO_LONG}), and
 * so does a connection that completes no request for {@code --idle}, even while it trickles bytes
 * into one (slowloris).
 */
final class JsonServer {

    private JsonServer() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("json-server")
                .option("port", "8080", "TCP port to listen on (0: any free port)")
                .option("host", "127.0.0.1", "address to listen on")
                .transportOption()
                .option("max-length", Integer.toString(JsonCodec.DEFAULT_MAX_LENGTH),
                        "longest request in bytes; a longer one ends its connection")
                .option("idle", "300s", "end a connection after this long without a whole request (0: never)");
        if (!o.parse(args)) {
            return 0;
        }
        int port = o.port();
        String host = o.string("host");
        int maxLength = o.integer("max-length", 1, Integer.MAX_VALUE - 8);
        Duration idle = o.duration("idle", true);
        ServerOptions options = Servers.on(o.transport(), "json-server");
        var stop = Signals.onStop();
        ListeningServer server = Net.createServer(options, handler(maxLength, idle))
                .listen(port, host)
                .block(Duration.ofSeconds(10));
        Servers.announce(server);
        return Servers.awaitStopThenClose(server, stop, () -> { });
    }

    /** The server's handler: the tutorial protocol, requests of at most {@code maxLength} bytes, {@code idle} (0: none) between whole requests. */
    static Function<NetSocket, Publisher<Void>> handler(int maxLength, Duration idle) {
        JsonCodec codec = JsonCodec.ndjson(JsonMapper.shared()).withMaxLength(maxLength);
        return idle.isZero() ? TutorialProtocol.server(codec) : TutorialProtocol.server(codec, idle);
    }
}
