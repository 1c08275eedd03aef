package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** send() keeps the publisher's order even when it emits on the event loop and on other threads in turn. */
class SendOrderIT {

    static final Duration T = Duration.ofSeconds(30);

    @Test
    void buffersEmittedOnMixedThreadsArriveInOrder() {
        int count = 20_000;
        AtomicInteger expected = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        ListeningServer server = Net.createServer(s -> s.inbound()
                .doOnNext(b -> {
                    while (b.remaining() >= 4) {
                        if (b.getInt() != expected.getAndIncrement()) {
                            outOfOrder.incrementAndGet();
                        }
                    }
                }).then()).listen(0, "127.0.0.1").block(T);
        NetSocket client = null;
        try {
            client = Net.connect(server.address().port(), "127.0.0.1").block(T);
            // Odd elements hop to another thread; even ones are emitted on whichever thread asked,
            // which is often the socket's own loop (send() requests from write completions).
            Flux<ByteBuffer> mixed = Flux.range(0, count)
                    .concatMap(i -> (i % 2 == 0 ? Mono.just(i) : Mono.just(i).publishOn(Schedulers.parallel()))
                            .map(n -> ByteBuffer.allocate(4).putInt(0, n)), 1);
            NetSocket c = client;
            c.send(mixed).then(c.end()).block(T);
            io.reactivenet.testing.Await.until("all received", T, () -> expected.get() == count);
            assertThat(outOfOrder).hasValue(0);
        } finally {
            // Nobody reads the client's inbound, so it never sees the server's FIN: close it here.
            if (client != null) {
                client.destroy();
            }
            server.closeNow().block(T);
        }
    }
}
