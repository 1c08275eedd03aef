package io.reactivenet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelOutboundBuffer;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.TlsFixtures;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Sinks;

/**
 * One write far bigger than the high-water mark, over TLS, to a peer that does not read yet: it is
 * encrypted a slice at a time as the socket drains (internal.tls.TlsSlices), so the ciphertext
 * waiting in Netty's outbound buffer stays around one high-water mark while {@code bufferSize()}
 * (Node's writableLength) still counts every unsent byte; once the peer reads, every byte arrives
 * once, in order. Before the slicing, Netty's SslHandler encrypted the whole write before sending
 * any of it: 64 MiB of ciphertext waited in the outbound buffer.
 */
class TlsBigWriteIT {

    static final Duration T = Duration.ofSeconds(30);
    static final int SIZE = 64 * 1024 * 1024;
    static final long CIPHERTEXT_BOUND = 4L * 1024 * 1024;

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void aBigWriteIsEncryptedAsTheSocketDrains(TlsProvider provider) throws Exception {
        byte[] data = Bytes.random(42, SIZE);
        Sinks.One<Boolean> read = Sinks.one();
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        AtomicLong receivedBytes = new AtomicLong();
        ListeningServer server = Net.createServer(ServerOptions.defaults().tls(TlsFixtures.server().provider(provider)),
                s -> read.asMono().thenMany(s.inbound()).doOnNext(b -> {
                    receivedBytes.addAndGet(b.remaining());
                    received.update(b);
                }).then()).listen(0, "127.0.0.1").block(T);
        NetSocket client = Net.connect(ConnectOptions.to("localhost", server.address().port())
                .tls(TlsFixtures.client().provider(provider))).block(T);
        try {
            AtomicBoolean written = new AtomicBoolean();
            client.write(ByteBuffer.wrap(data)).subscribe(null, e -> { }, () -> written.set(true));
            // The kernel buffers and the server's read-ahead fill up, then nothing moves.
            long settled = Await.stable("the writer's unsent bytes", Duration.ofMillis(500), T, client::bufferSize);
            long ciphertext = outboundBytes(client);
            assertThat(settled).as("bufferSize() counts every unsent byte").isGreaterThan(SIZE / 2);
            assertThat(ciphertext).as("ciphertext waiting in Netty's outbound buffer").isLessThan(CIPHERTEXT_BOUND);
            assertThat(written).isFalse();

            read.tryEmitValue(true);
            Await.until("the write to complete", T, written::get);
            Await.until("every byte at the server", T, () -> receivedBytes.get() == SIZE);
            assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(Bytes.sha256(data));
            Await.until("nothing left to write", T, () -> client.bufferSize() == 0);
        } finally {
            client.destroy();
            server.closeNow().block(T);
        }
    }

    private static long outboundBytes(NetSocket socket) {
        ChannelOutboundBuffer out = socket.unwrap().unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }
}
