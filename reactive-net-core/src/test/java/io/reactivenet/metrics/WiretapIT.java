package io.reactivenet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.Wiretap;
import io.reactivenet.testing.Bytes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Wire logging through Netty's LoggingHandler (to JUL here, Netty's fallback logger): each format's lines. */
class WiretapIT {

    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void textAndHexDumpAreLogged() {
        List<String> serverLines = capture("test.wire.server");
        List<String> clientLines = capture("test.wire.client");
        ListeningServer server = Net.createServer(
                ServerOptions.defaults().wiretap("test.wire.server", Wiretap.Level.INFO, Wiretap.Format.TEXT),
                s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket c = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())
                    .wiretap("test.wire.client", Wiretap.Level.INFO, Wiretap.Format.HEX_DUMP)).block(T);
            StepVerifier.create(c.inbound().map(Bytes::utf8).take(1))
                    .then(() -> c.write("hello\n").subscribe())
                    .expectNext("hello\n")
                    .verifyComplete();
            c.destroy();
            c.onClose().block(T);
        } finally {
            server.closeNow().block(T);
        }
        assertThat(serverLines).anyMatch(l -> l.contains("READ 6B: hello\\n"));
        assertThat(serverLines).anyMatch(l -> l.contains("WRITE 6B: hello\\n"));
        assertThat(clientLines).anyMatch(l -> l.contains("68 65 6c 6c 6f 0a") && l.contains("WRITE"));
        assertThat(clientLines).anyMatch(l -> l.contains("ACTIVE"));
    }

    @Test
    void offByDefault() {
        assertThat(ServerOptions.defaults().socket().wiretap()).isNull();
        assertThat(ConnectOptions.to(1).socket().wiretap()).isNull();
    }

    private static List<String> capture(String category) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(category);
        logger.setLevel(Level.ALL);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        KEEP.add(logger); // JUL holds loggers weakly
        return lines;
    }

    private static final List<Logger> KEEP = new CopyOnWriteArrayList<>();
}
