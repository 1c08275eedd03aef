package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.CloseEvent;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.ReadyState;
import io.reactivenet.testing.Bytes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Acceptance 1 of the core issue: echo both families; 'end' before 'close'; hadError after a reset. */
class EchoIT {

    static final Duration T = Duration.ofSeconds(10);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void echoRoundTripThenEndBeforeClose(String host) {
        ListeningServer server = Net.createServer(s -> s.send(s.inbound())).listen(0, host).block(T);
        try {
            assertThat(server.address().address()).isEqualTo(host);
            assertThat(server.address().family()).isEqualTo(host.contains(":") ? "ipv6" : "ipv4");
            NetSocket client = Net.connect(server.address().port(), host).block(T);
            assertThat(client.remotePort()).isEqualTo(server.address().port());
            assertThat(client.remoteFamily()).isEqualTo(host.contains(":") ? "IPv6" : "IPv4");
            assertThat(client.readyState()).isEqualTo(ReadyState.OPEN);

            List<String> order = new CopyOnWriteArrayList<>();
            client.onClose().subscribe(c -> order.add("close"));
            StepVerifier.create(client.inbound().map(Bytes::utf8).doOnComplete(() -> order.add("end")))
                    .then(() -> client.write("hello").subscribe())
                    .expectNext("hello")
                    .then(() -> client.end().subscribe())
                    .expectComplete()
                    .verify(T);
            CloseEvent close = client.onClose().block(T);
            assertThat(close.hadError()).isFalse();
            assertThat(order).containsExactly("end", "close");
            assertThat(client.bytesWritten()).isEqualTo(5);
            assertThat(client.bytesRead()).isEqualTo(5);
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void peerResetGivesHadErrorAndEconnreset() {
        ListeningServer server = Net.createServer(s -> s.inbound().take(1).then(Mono_fromRunnable(s::resetAndDestroy)))
                .listen(0, "127.0.0.1").block(T);
        try {
            NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(T);
            StepVerifier.create(client.inbound())
                    .then(() -> client.write("x").subscribe())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NetException.class)
                            .extracting(x -> ((NetException) x).code()).isEqualTo("ECONNRESET"))
                    .verify(T);
            CloseEvent close = client.onClose().block(T);
            assertThat(close.hadError()).isTrue();
        } finally {
            server.closeNow().block(T);
        }
    }

    private static reactor.core.publisher.Mono<Void> Mono_fromRunnable(Runnable r) {
        return reactor.core.publisher.Mono.fromRunnable(r);
    }
}
