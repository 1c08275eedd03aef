package io.reactivenet.json.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.json.tutorial.TutorialProtocol.ErrorReply;
import io.reactivenet.json.tutorial.TutorialProtocol.Response;
import io.reactivenet.json.tutorial.TutorialProtocol.Welcome;
import io.reactivenet.testing.Bytes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The tutorial protocol end to end: our client against our server and against a Node server; raw lines checked reply by reply. */
class TutorialProtocolIT {

    static final Duration T = Duration.ofSeconds(10);

    /** What every server of the protocol must do, checked through our client. */
    static void checkServer(int port) {
        TutorialClient c = TutorialClient.connect(ConnectOptions.to("127.0.0.1", port)).block(T);
        try {
            long before = System.currentTimeMillis();
            Welcome w = c.greet("Zoë 😀").block(T);
            assertThat(w.message()).isEqualTo("Hello, Zoë 😀!");
            assertThat(w.timestamp()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
            // Concurrent queries, correlated by queryId.
            List<Response> rs = Flux.merge(c.query(7, "stats"), c.query(8, "time"), c.query(9, "weather"))
                    .collectSortedList((a, b) -> Long.compare(a.queryId(), b.queryId())).block(T);
            assertThat(rs).extracting(Response::queryId).containsExactly(7L, 8L, 9L);
            JsonNode stats = rs.get(0).result();
            assertThat(stats.get("uptime").isNumber()).isTrue();
            assertThat(stats.get("memory").get("heapUsed").isNumber()).isTrue();
            assertThat(stats.get("platform").stringValue()).isEqualTo("linux");
            assertThat(Instant.parse(rs.get(1).result().get("time").stringValue()))
                    .isBetween(Instant.ofEpochMilli(before - 1000), Instant.now().plusSeconds(1));
            assertThat(rs.get(2).result().get("error").stringValue()).isEqualTo("Unknown query");
            // Unknown types come back as error replies through others().
            Mono<Object> err = c.others().next().cache();
            err.subscribe();
            c.channel().send(java.util.Map.of("type", "dance")).block(T);
            assertThat(err.block(T)).isInstanceOfSatisfying(ErrorReply.class,
                    e -> assertThat(e.message()).isEqualTo("Unknown message type"));
            c.end().block(T);
        } finally {
            c.dispose();
        }
    }

    @Test
    void ourClientAgainstOurServer() {
        ListeningServer server = Net.createServer(TutorialProtocol.server()).listen(0, "127.0.0.1").block(T);
        try {
            checkServer(server.address().port());
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void ourClientAgainstTheNodeServer() throws Exception {
        Process node = new ProcessBuilder("node", NodeTutorialClientIT.script("tutorial-server.js").toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            Supplier<String> firstLine = () -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            String port = Mono.fromSupplier(firstLine).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                    .block(T);
            checkServer(Integer.parseInt(port.trim()));
        } finally {
            node.destroyForcibly();
        }
    }

    @Test
    void everyRawLineGetsOneReplyInOrderAndTheConnectionGoesOn() {
        ListeningServer server = Net.createServer(TutorialProtocol.server()).listen(0, "127.0.0.1").block(T);
        NetSocket s = Net.connect(server.address().port(), "127.0.0.1").block(T);
        try {
            JsonMapper m = JsonMapper.shared();
            s.write("{\"type\":\"greeting\",\"name\":\"A\"}\nnot json\n\nnull\n{\"type\":7}\n42\r\n"
                    + "{\"type\":\"greeting\"}\n{\"type\":\"query\",\"query\":\"time\"}\n").block(T);
            s.end().block(T);
            List<JsonNode> replies = s.inbound().map(Bytes::utf8).reduce(String::concat)
                    .map(all -> all.lines().map(m::readTree).toList()).block(T);
            assertThat(replies).extracting(r -> r.get("type").stringValue() + ":"
                            + (r.has("message") ? r.get("message").stringValue() : r.get("result").toString().substring(0, 7)))
                    .containsExactly("welcome:Hello, A!", "error:Invalid JSON format", "error:Invalid JSON format",
                            "error:Invalid JSON format", "error:Unknown message type", "error:Unknown message type",
                            "welcome:Hello, undefined!", "response:{\"time\"");
            assertThat(replies.get(7).has("queryId")).isFalse();   // as JSON.stringify drops an undefined queryId
        } finally {
            s.destroy();
            server.closeNow().block(T);
        }
    }

    @Test
    void anOversizedLineEndsThatConnectionAfterTheEarlierRepliesAndTheServerGoesOn() {
        ListeningServer server = Net.createServer(TutorialProtocol.server()).listen(0, "127.0.0.1").block(T);
        NetSocket s = Net.connect(server.address().port(), "127.0.0.1").block(T);
        try {
            byte[] huge = new byte[2 << 20];   // twice the default 1 MiB limit, no newline
            java.util.Arrays.fill(huge, (byte) 'x');
            s.write("{\"type\":\"greeting\",\"name\":\"first\"}\n").block(T);
            s.write(huge).subscribe(null, e -> { });   // the server may reset while we still write
            List<String> got = s.inbound().map(Bytes::utf8).onErrorResume(e -> Flux.empty())
                    .reduce("", String::concat).map(all -> all.lines().toList()).block(T);
            assertThat(got).hasSize(1);
            assertThat(got.get(0)).contains("\"message\":\"Hello, first!\"");
            // Other connections are not affected.
            checkServer(server.address().port());
        } finally {
            s.destroy();
            server.closeNow().block(T);
        }
    }
}
