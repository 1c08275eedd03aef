package io.reactivenet.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.spring.boot.ReactiveNetServerLifecycle;
import io.reactivenet.testing.Await;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.util.Map;
import io.reactivenet.samples.ChatRoom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.HttpResources;
import reactor.test.StepVerifier;

/**
 * The sample end to end, both servers on random ports: TCP users chat, an SSE subscriber sees
 * their lines, a POST reaches the TCP users, {@code /api/users} lists them, the health
 * endpoint shows the TCP server, and the Prometheus scrape lists its meters. The context is closed after the class (its servers and loops too).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"reactive-net.server.port=0", "spring.lifecycle.timeout-per-shutdown-phase=2s"})
@DirtiesContext
class ChatApplicationTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @LocalServerPort
    int httpPort;

    @Autowired
    ReactiveNetServerLifecycle tcp;

    @Autowired
    ChatRoom room;

    @Autowired
    MeterRegistry registry;

    /** The test's HTTP client runs on Reactor Netty's global loops; the application's context does not own them. */
    @AfterAll
    static void disposeClientLoops() {
        HttpResources.disposeLoopsAndConnectionsLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }

    private WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + httpPort)
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    private TcpUser closeLater;

    @Test
    void tcpAndHttpShareTheRoom() throws Exception {
        int tcpPort = tcp.server().address().port();
        Flux<ServerSentEvent<String>> events = http().get().uri("/api/messages").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk().returnResult(SSE).getResponseBody();
        try (TcpUser alice = new TcpUser(tcpPort)) {
            await(alice, "Welcome to the chat server!");
            TcpUser bob = new TcpUser(tcpPort);         // after alice joined, so she sees him join
            closeLater = bob;
            StepVerifier.create(events)
                    // The first event: the SSE stream is subscribed to the room from here on.
                    .assertNext(e -> assertThat(e.event()).isEqualTo("users"))
                    .then(() -> {
                        await(bob, "Welcome to the chat server!");
                        await(alice, "User " + bob.id + " joined the chat.");
                    })
                    .then(() -> assertThat(http().get().uri("/api/users").exchange().expectStatus().isOk()
                            .expectBody(String[].class).returnResult().getResponseBody())
                            .contains(alice.id, bob.id))
                    .then(() -> say(alice, "hello from tcp"))
                    .thenConsumeWhile(e -> !e.data().equals(alice.id + ": hello from tcp"))
                    .expectNextMatches(e -> e.event().equals("line"))
                    .then(() -> await(bob, alice.id + ": hello from tcp"))
                    .then(() -> http().post().uri("/api/messages").contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("from", "web", "text", "hello from http"))
                            .exchange().expectStatus().isAccepted())
                    .thenConsumeWhile(e -> !e.data().equals("web: hello from http"))
                    .expectNextCount(1)
                    .then(() -> {
                        await(alice, "web: hello from http");
                        await(bob, "web: hello from http");
                    })
                    // The room closes (as at shutdown): the TCP users get the goodbye line and their
                    // connections end; the event stream completes (no client-side cancel needed).
                    .then(room::shutdown)
                    .thenConsumeWhile(e -> true)
                    .expectComplete()
                    .verify(Duration.ofSeconds(20));
            await(alice, "The server is shutting down. Goodbye!");
            assertThat(alice.readLine()).isNull();
            await(bob, "The server is shutting down. Goodbye!");
            assertThat(bob.readLine()).isNull();
        } finally {
            if (closeLater != null) {
                closeLater.close();
            }
        }
    }

    @Test
    void aBadMessageIsRefused() {
        String body = http().post().uri("/api/messages").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("from", "web", "text", "two\nlines")).exchange().expectStatus().isBadRequest()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("Bad Request");
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthShowsTheTcpServer() {
        Map<String, Object> health = http().get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        Map<String, Object> component = (Map<String, Object>) ((Map<String, Object>) health.get("components"))
                .get("reactiveNet");
        assertThat(component).containsEntry("status", "UP");
        assertThat((Map<String, Object>) component.get("details"))
                .containsEntry("listening", true)
                .containsEntry("port", tcp.server().address().port())
                .containsEntry("maxConnections", 1000)
                .containsKey("connections");
    }

    @Test
    void prometheusListsTheTcpServersMetersAfterTraffic() throws Exception {
        try (TcpUser user = new TcpUser(tcp.server().address().port())) {
            user.say("counted by the meters");
            // The welcome line (or, once the room has closed, its goodbye): the server wrote to us.
            user.readLine();
        }
        // Polled in process (no event tells when the server's write was recorded), then one scrape.
        Await.until("the TCP traffic in the application's MeterRegistry", Duration.ofSeconds(10),
                () -> bytes("reactivenet.server.data.sent") > 0 && bytes("reactivenet.server.data.received") > 0);
        String scrape = http().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(sample(scrape, "reactivenet_server_connections_total")).as(scrape).isGreaterThanOrEqualTo(1);
        assertThat(sample(scrape, "reactivenet_server_data_sent_bytes_sum")).isPositive();
        assertThat(sample(scrape, "reactivenet_server_data_received_bytes_sum")).isPositive();
        assertThat(scrape).containsPattern("(?m)^reactivenet_server_connections_active\\{[^}]*transport=\"tcp\"");
    }

    private double bytes(String summary) {
        DistributionSummary s = registry.find(summary).summary();
        return s == null ? 0 : s.totalAmount();
    }

    /** The sum of the samples of {@code name} (over its tag sets) in a Prometheus scrape; -1 when absent. */
    private static double sample(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)").matcher(scrape);
        double sum = -1;
        while (m.find()) {
            sum = Math.max(sum, 0) + Double.parseDouble(m.group(2));
        }
        return sum;
    }

    private static void await(TcpUser user, String prefix) {
        try {
            user.await(line -> line.startsWith(prefix));
        } catch (Exception e) {
            throw new AssertionError(user.id + " did not get " + prefix, e);
        }
    }

    private static void say(TcpUser user, String line) {
        try {
            user.say(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
