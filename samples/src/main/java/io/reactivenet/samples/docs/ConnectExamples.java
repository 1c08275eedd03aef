package io.reactivenet.samples.docs;

import io.reactivenet.ConnectEvent;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** The examples of {@code docs/connecting.md}, compiled and run by {@code DocsTest}. */
public final class ConnectExamples {

    private ConnectExamples() {
    }

    /** What {@link #happyEyeballs()} observed. */
    public record Raced(String remoteAddress, List<String> attempted, List<ConnectEvent> events, int port) {
    }

    /**
     * A host that resolves to {@code ::1} and {@code 127.0.0.1} while the server listens on
     * {@code 127.0.0.1} only: the first attempt is refused and the second one connects.
     */
    public static Raced happyEyeballs() throws UnknownHostException {
        ListeningServer server = Net.createServer(socket -> socket.send(socket.inbound()))
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));
        int port = server.address().port();
        // docs:begin connect
        InetAddress v6 = InetAddress.getByName("::1");               // literals: no DNS
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        List<ConnectEvent> events = new CopyOnWriteArrayList<>();
        NetSocket socket = Net.connect(ConnectOptions.to("db.internal", port)
                        .lookup(host -> Mono.just(List.of(v6, v4)))   // Node's lookup option (all: true)
                        .autoSelectFamilyAttemptTimeout(Duration.ofMillis(250))  // Node's default
                        .timeout(Duration.ofSeconds(5))               // bounds the whole sequence
                        .onEvent(events::add))                        // lookup, attempt, failed, timeout
                .block(Duration.ofSeconds(10));
        List<String> tried = socket.autoSelectFamilyAttemptedAddresses();  // ["::1:<port>", "127.0.0.1:<port>"]
        // docs:end connect
        String remote = socket.remoteAddress();
        // Nobody reads this socket: end() alone would only half-close it and the server's FIN would never
        // be read. destroySoon() ends our side, drops what arrives and closes once the server's FIN is in.
        socket.destroySoon();
        socket.onClose().block(Duration.ofSeconds(5));
        server.close().block(Duration.ofSeconds(5));
        return new Raced(remote == null ? "" : remote, tried, List.copyOf(events), port);
    }
}
