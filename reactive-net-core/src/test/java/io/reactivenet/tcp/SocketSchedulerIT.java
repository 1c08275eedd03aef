package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code NetSocket.scheduler()} and Node's {@code pending}/{@code connecting} over real loopback sockets. */
class SocketSchedulerIT {

    static final Duration T = Duration.ofSeconds(30);

    @Test
    void theSchedulerRunsTasksOnTheSocketsIoThreadInOrder() {
        ListeningServer server = Net.createServer(s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(T);
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Boolean> onLoop = new CopyOnWriteArrayList<>();
            Flux.range(0, 50)
                    .publishOn(client.scheduler())
                    .doOnNext(i -> {
                        order.add(i);
                        onLoop.add(client.unwrap().eventLoop().inEventLoop());
                    })
                    .then().block(T);
            assertThat(order).hasSize(50).isSorted();
            assertThat(onLoop).containsOnly(true);
            assertThat(client.scheduler().now(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();

            // Hopping onto the socket's thread before send: every write is a direct one.
            String text = "hello over the socket's own thread";
            Mono<String> echoed = client.inbound()
                    .map(b -> StandardCharsets.UTF_8.decode(b).toString())
                    .reduce(String::concat);
            Mono<Void> sent = client.send(Flux.just(text)
                    .map(t -> ByteBuffer.wrap(t.getBytes(StandardCharsets.UTF_8)))
                    .publishOn(client.scheduler())).then(client.end());
            assertThat(Mono.zip(echoed, sent.thenReturn(true)).block(T).getT1()).isEqualTo(text);

            client.scheduler().dispose();
            assertThat(client.unwrap().eventLoop().isShuttingDown()).as("disposing the view stops no loop").isFalse();
            client.onClose().block(T);
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void pendingIsTrueAgainOnceDestroyedWhileConnectingStaysFalse() {
        ListeningServer server = Net.createServer(s -> s.inbound().then()).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(T);
            assertThat(client.connecting()).isFalse();
            assertThat(client.pending()).isFalse();
            client.destroy();
            client.onClose().block(T);
            assertThat(client.connecting()).isFalse();
            assertThat(client.pending()).as("Node: !this._handle || this.connecting").isTrue();
        } finally {
            server.closeNow().block(T);
        }
    }
}
