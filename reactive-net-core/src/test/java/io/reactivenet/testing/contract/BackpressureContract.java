package io.reactivenet.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.TransportFixture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Backpressure both ways, measured in bytes. The server's retained inbound memory is counted
 * exactly as bytes read from the kernel minus bytes the handler has consumed: whatever is in
 * between sits in the server (read-ahead queue, operators).
 */
public abstract class BackpressureContract {

    protected static final Duration T = Duration.ofSeconds(10);
    static final int HWM = 64 * 1024;
    static final int OFFERED = 256 * 1024 * 1024;

    protected abstract TransportFixture transport();

    @Test
    void aSlowReaderPushesBackOnTheWriter() {
        AtomicReference<NetSocket> serverSide = new AtomicReference<>();
        AtomicLong consumed = new AtomicLong();
        ListeningServer server = transport().listen(ServerOptions.defaults().highWaterMark(HWM), s -> {
            serverSide.set(s);
            return s.inbound()
                    .concatMap(b -> Mono.delay(Duration.ofMillis(5)).thenReturn(b), 1)
                    .doOnNext(b -> consumed.addAndGet(b.remaining()))
                    .then();
        }).block(T);
        NetSocket client = transport().connect(server).block(T);
        try {
            ByteBuffer big = ByteBuffer.allocateDirect(OFFERED);
            java.util.concurrent.atomic.AtomicBoolean written = new java.util.concurrent.atomic.AtomicBoolean();
            client.write(big).subscribe(null, e -> { }, () -> written.set(true));
            Await.until("the server socket", T, () -> serverSide.get() != null);
            long maxRetained = 0;
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                maxRetained = Math.max(maxRetained, serverSide.get().bytesRead() - consumed.get());
                LockSupport.parkNanos(2_000_000);
            }
            System.out.printf("[%s] slow reader: max retained %d B, consumed %d B, writer's bufferSize %d B%n",
                    transport().name(), maxRetained, consumed.get(), client.bufferSize());
            assertThat(consumed.get()).as("the handler makes progress").isPositive();
            assertThat(maxRetained).as("bytes held by the server").isLessThan(4L * HWM + 8 * 1024 * 1024);
            assertThat(client.bufferSize()).as("bytes the writer could not send").isGreaterThan(OFFERED / 2);
            assertThat(written).as("the peer has not taken everything").isFalse();
            assertThat(consumed.get()).as("far less than offered went through").isLessThan(OFFERED / 2);
        } finally {
            client.destroy();
            server.closeNow().block(T);
        }
    }

    @Test
    void unboundedDemandReadsEverything() {
        AtomicReference<NetSocket> serverSide = new AtomicReference<>();
        AtomicLong consumed = new AtomicLong();
        ListeningServer server = transport().listen(ServerOptions.defaults().highWaterMark(HWM), s -> {
            serverSide.set(s);
            return s.inbound().doOnNext(b -> consumed.addAndGet(b.remaining())).then();
        }).block(T);
        NetSocket client = transport().connect(server).block(T);
        try {
            client.write(ByteBuffer.allocateDirect(OFFERED)).block(Duration.ofSeconds(60));
            Await.until("all bytes consumed", Duration.ofSeconds(60), () -> consumed.get() == OFFERED);
            assertThat(serverSide.get().bytesRead()).isEqualTo(OFFERED);
            assertThat(client.bytesWritten()).isEqualTo(OFFERED);
            // Netty completes a write's promise just before it takes the bytes off its count.
            Await.until("nothing left to write", T, () -> client.bufferSize() == 0);
        } finally {
            client.destroy();
            server.closeNow().block(T);
        }
    }

    @Test
    void sendAsksForNoMoreThanTheSocketCanTake() {
        AtomicLong generated = new AtomicLong();
        AtomicReference<NetSocket> serverSide = new AtomicReference<>();
        int chunk = 16 * 1024;
        ListeningServer server = transport().listen(ServerOptions.defaults().highWaterMark(HWM), s -> {
            serverSide.set(s);
            return s.send(Flux.generate(sink -> {
                generated.addAndGet(chunk);
                sink.next(ByteBuffer.allocate(chunk));
            }));
        }).block(T);
        // The client never subscribes to inbound(), so it never reads: the kernel buffers fill up.
        NetSocket client = transport().connect(server).block(T);
        try {
            long settled = Await.stable("generated bytes", Duration.ofMillis(500), Duration.ofSeconds(20), generated::get);
            System.out.printf("[%s] endless send: generated %d B, server bufferSize %d B%n",
                    transport().name(), settled, serverSide.get().bufferSize());
            assertThat(settled).as("bytes generated for a peer that never reads")
                    .isGreaterThan(HWM)
                    .isLessThan(HWM + 24L * 1024 * 1024);
            assertThat(serverSide.get().bufferSize()).as("queued in the server socket")
                    .isLessThanOrEqualTo(2L * HWM + 2L * chunk);
            long later = Await.stable("generated bytes", Duration.ofMillis(300), Duration.ofSeconds(5), generated::get);
            assertThat(later).as("nothing grows after that").isEqualTo(settled);
        } finally {
            client.destroy();
            server.closeNow().block(T);
        }
    }
}
