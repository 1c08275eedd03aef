package io.reactivenet.samples;

import io.reactivenet.NetSocket;
import io.reactivenet.ipc.Ipc;
import java.time.Duration;

/** The echo client over a Unix domain socket: stdin to the server, replies to stdout. */
final class IpcEchoClient {

    private IpcEchoClient() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("ipc-client")
                .option("path", null, "the socket file of the ipc-server");
        if (!o.parse(args)) {
            return 0;
        }
        NetSocket socket = Ipc.connect(o.string("path")).block(Duration.ofSeconds(10));
        return EchoClient.pipe(socket);
    }
}
