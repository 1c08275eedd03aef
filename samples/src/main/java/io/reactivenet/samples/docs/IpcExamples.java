package io.reactivenet.samples.docs;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.ipc.Ipc;
import io.reactivenet.ipc.IpcListenOptions;
import io.reactivenet.ipc.PeerCredentials;
import io.reactivenet.text.Text;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

/** The examples of {@code docs/ipc.md}, compiled and run by {@code DocsTest}. */
public final class IpcExamples {

    private IpcExamples() {
    }

    /** What {@link #echo(Path)} observed. */
    public record Echoed(String serverPath, String reply, Optional<PeerCredentials> peer) {
    }

    /** An echo server on the socket file {@code path} and a client of it. */
    public static Echoed echo(Path path) {
        // docs:begin ipc
        ListeningServer server = Ipc.createServer(ServerOptions.defaults().maxConnections(100),
                        socket -> socket.send(socket.inbound()))      // echo, backpressured
                .listen(IpcListenOptions.path(path)                   // a Path or a String
                        .removeStale(true)                            // a crashed predecessor's file
                        .mode(PosixFilePermissions.fromString("rw-rw----")))
                .block(Duration.ofSeconds(5));
        String where = server.path();                                 // the socket file's path

        NetSocket client = Ipc.connect(path).block(Duration.ofSeconds(5));   // Mono<NetSocket>
        Optional<PeerCredentials> peer = Ipc.peerCredentials(client); // who is on the other end
        String reply = client.write("over a Unix socket")
                .then(client.end())
                .thenMany(client.inbound().transform(Text.utf8()))
                .reduce("", String::concat)
                .block(Duration.ofSeconds(5));                        // "over a Unix socket"
        server.close().block(Duration.ofSeconds(5));                  // graceful; removes the file
        // docs:end ipc
        return new Echoed(where == null ? "" : where, reply, peer);
    }
}
