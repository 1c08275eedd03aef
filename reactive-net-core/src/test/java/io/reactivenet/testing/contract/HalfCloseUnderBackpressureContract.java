package io.reactivenet.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.TransportFixture;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An echo whose peer ends right after writing and then reads slowly: the server's input is shut
 * down while its writes keep backing up. Every byte must come back, before the server's FIN. This is
 * what Netty 4.2's epoll transport gets wrong (see {@code Transport.AUTO}; runs over every transport).
 */
public abstract class HalfCloseUnderBackpressureContract {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    protected static final Duration T = TIMEOUT;

    protected abstract TransportFixture transport();

    @RepeatedTest(3)
    public void everyEchoedByteArrivesBeforeTheEnd() {
        ListeningServer server = transport().listen(ServerOptions.defaults(), s -> s.send(s.inbound())).block(T);
        try {
            NetSocket client = transport().connect(server).block(T);
            int size = 8 * 1024 * 1024;
            byte[] data = Bytes.random(size, size);
            Bytes.Sha256 back = new Bytes.Sha256();
            Flux<ByteBuffer> chunks = Flux.range(0, size / 65536).map(i -> ByteBuffer.wrap(data, i * 65536, 65536));
            Mono<Void> slowReader = client.inbound()
                    .concatMap(b -> Mono.delay(Duration.ofMillis(1)).thenReturn(b), 1)
                    .doOnNext(back::update)
                    .then();
            Mono.when(slowReader, client.send(chunks).then(client.end())).block(T);
            assertThat(back.count()).isEqualTo(size);
            assertThat(back.hex()).isEqualTo(Bytes.sha256(data));
            assertThat(client.onClose().block(T).hadError()).isFalse();
        } finally {
            server.closeNow().block(T);
        }
    }
}
