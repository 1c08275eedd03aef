package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code target.send(source.inbound())} hands pooled buffers from one socket to another without a
 * copy: bytes, order, backpressure and buffer release must be exactly those of the copying path.
 */
class SpliceIT {

    static final Duration T = Duration.ofSeconds(30);

    @Test
    void aProxySplicesBothWaysIntact() {
        ListeningServer echo = Net.createServer(s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        // A proxy must allow half-open sockets: the client's FIN must not end the way back.
        ListeningServer proxy = Net.createServer(ServerOptions.defaults().allowHalfOpen(true),
                s -> Net.connect(ConnectOptions.to("127.0.0.1", echo.address().port()).allowHalfOpen(true))
                        .flatMap(up -> Mono.when(up.send(s.inbound()).then(up.end()),
                                s.send(up.inbound()).then(s.end()))))
                .listen(0, "127.0.0.1").block(T);
        try {
            NetSocket client = Net.connect(proxy.address().port(), "127.0.0.1").block(T);
            int size = 12_000_000;
            byte[] data = Bytes.random(3, size);
            Bytes.Sha256 back = new Bytes.Sha256();
            Flux<ByteBuffer> chunks = Flux.range(0, (size + 9999) / 10000)
                    .map(i -> ByteBuffer.wrap(data, i * 10000, Math.min(10000, size - i * 10000)));
            Mono.when(client.inbound().doOnNext(back::update).then(), client.send(chunks).then(client.end())).block(T);
            assertThat(back.count()).isEqualTo(size);
            assertThat(back.hex()).isEqualTo(Bytes.sha256(data));
        } finally {
            proxy.closeNow().block(T);
            echo.closeNow().block(T);
        }
    }

    @Test
    void aSplicedEchoStopsReadingWhenItsPeerDoesNot() {
        AtomicReference<NetSocket> serverSide = new AtomicReference<>();
        int hwm = 64 * 1024;
        ListeningServer echo = Net.createServer(ServerOptions.defaults().highWaterMark(hwm), s -> {
            serverSide.set(s);
            return s.send(s.inbound());
        }).listen(0, "127.0.0.1").block(T);
        NetSocket client = Net.connect(echo.address().port(), "127.0.0.1").block(T);
        try {
            // The client writes 128 MiB and never reads the echo.
            client.write(ByteBuffer.allocateDirect(128 * 1024 * 1024)).subscribe(null, e -> { });
            Await.until("accepted", T, () -> serverSide.get() != null);
            long read = Await.stable("bytes the echo server read", Duration.ofMillis(500), T,
                    () -> serverSide.get().bytesRead());
            System.out.printf("spliced echo to a non-reader: read %d B, wrote %d B, queued %d B%n",
                    read, serverSide.get().bytesWritten(), serverSide.get().bufferSize());
            assertThat(read).isLessThan(32L * 1024 * 1024);
            assertThat(serverSide.get().bufferSize()).isLessThanOrEqualTo(hwm + 64L * 1024 * 64);
        } finally {
            client.destroy();
            echo.closeNow().block(T);
        }
    }

    @Test
    void destroyingTheSourceMidSpliceLeaksNothing() {
        ListeningServer echo = Net.createServer(s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        try {
            for (int i = 0; i < 20; i++) {
                NetSocket client = Net.connect(echo.address().port(), "127.0.0.1").block(T);
                client.write(ByteBuffer.allocate(1024 * 1024)).subscribe(null, e -> { });
                client.inbound().take(1).then(Mono.fromRunnable(client::resetAndDestroy)).block(T);
                client.onClose().block(T);
            }
            Await.until("all server sockets closed", T, () -> echo.connectionCount() == 0);
        } finally {
            echo.closeNow().block(T);
        }
    }
}
