package io.reactivenet.samples;

import io.reactivenet.ListeningServer;
import io.reactivenet.ipc.Ipc;
import io.reactivenet.ipc.IpcListenOptions;
import java.time.Duration;

/**
 * The echo server over a Unix domain socket ({@code net.createServer().listen(path)} in Node). A
 * stale socket file left by a crashed server is replaced; the file is removed when the server closes.
 */
final class IpcEchoServer {

    private IpcEchoServer() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("ipc-server")
                .option("path", null, "the socket file to listen on")
                .transportOption();
        if (!o.parse(args)) {
            return 0;
        }
        var stop = Signals.onStop();
        ListeningServer server = Ipc.createServer(socket -> socket.send(socket.inbound()))
                .listen(IpcListenOptions.path(o.string("path")).removeStale(true).transport(o.transport()))
                .block(Duration.ofSeconds(10));
        Servers.announce(server);
        return Servers.awaitStopThenClose(server, stop, () -> { });
    }
}
