package io.reactivenet.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.CloseEvent;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetSocket;
import io.reactivenet.ReadyState;
import io.reactivenet.testing.Await;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Idle, read and write timeouts: virtual time over real sockets, and one real-time close. */
class TimeoutsIT {

    static final Duration T = Duration.ofSeconds(10);
    static final Duration IDLE = Duration.ofSeconds(10);

    ListeningServer server;
    final AtomicReference<NetSocket> serverSide = new AtomicReference<>();
    NetSocket client;

    @BeforeEach
    void connect() {
        server = Net.createServer(s -> {
            serverSide.set(s);
            return s.inbound().then();
        }).listen(0, "127.0.0.1").block(T);
        client = Net.connect(server.address().port(), "127.0.0.1").block(T);
        Await.until("accepted", T, () -> serverSide.get() != null);
    }

    @AfterEach
    void close() {
        client.destroy();
        server.closeNow().block(T);
    }

    @Test
    void idleSignalResetsOnWritesAndReadsAndFiresOncePerPeriod() {
        AtomicReference<NetSocket> watched = new AtomicReference<>();
        Queue<ByteBuffer> got = new ConcurrentLinkedQueue<>();
        StepVerifier.withVirtualTime(() -> {
                    NetSocket w = Timeouts.idle(IDLE, IdleReaction.SIGNAL).apply(client);
                    watched.set(w);
                    w.inbound().subscribe(got::add);
                    return w.timeouts();
                })
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(9))
                .then(() -> watched.get().write("w").block(T))                 // write at t=9s
                .expectNoEvent(Duration.ofSeconds(9))                          // t=18s: no fire
                .then(() -> {
                    serverSide.get().write("r").block(T);                      // read at t=18s
                    Await.until("the read", T, () -> !got.isEmpty());
                })
                .expectNoEvent(Duration.ofSeconds(9))                          // t=27s
                .thenAwait(Duration.ofSeconds(1))                              // t=28s: 10s idle
                .expectNext(IDLE)
                .expectNoEvent(Duration.ofSeconds(35))                         // once per idle period
                .then(() -> watched.get().write("again").block(T))
                .thenAwait(IDLE)
                .expectNext(IDLE)
                .then(() -> assertThat(client.readyState()).isEqualTo(ReadyState.OPEN))  // SIGNAL leaves it open
                .then(client::destroy)
                .expectComplete()
                .verify(T);
    }

    @Test
    void idleCloseDestroysWithAnErrorNamingPeerAndDuration() {
        AtomicReference<NetSocket> watched = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> {
                    NetSocket w = Timeouts.idle(IDLE, IdleReaction.CLOSE).apply(client);
                    watched.set(w);
                    return w.inbound();
                })
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(9))
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(IdleTimeoutException.class)
                            .hasMessageContaining("10000 ms")
                            .hasMessageContaining(String.valueOf(server.address().port()));
                    assertThat(((IdleTimeoutException) e).code()).isEqualTo("ETIMEDOUT");
                    assertThat(((IdleTimeoutException) e).timeout()).isEqualTo(IDLE);
                })
                .verify(T);
        CloseEvent close = client.onClose().block(T);
        assertThat(close.hadError()).isTrue();
        assertThat(close.error()).isInstanceOf(IdleTimeoutException.class);
    }

    @Test
    void aSilentPeerIsClosedAfterTheTimeoutOnRealTime() {
        AtomicReference<NetSocket> guarded = new AtomicReference<>();
        ListeningServer idleServer = Net.createServer(raw -> {
            NetSocket s = Timeouts.idle(Duration.ofMillis(300), IdleReaction.CLOSE).apply(raw);
            guarded.set(s);
            return s.send(s.inbound());
        }).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket silent = Net.connect(idleServer.address().port(), "127.0.0.1").block(T);
            StepVerifier.create(silent.inbound()).expectComplete().verify(T);
            assertThat(guarded.get().onClose().block(T).error()).isInstanceOf(IdleTimeoutException.class);
            assertThat(silent.onClose().block(T)).isNotNull();
        } finally {
            idleServer.closeNow().block(T);
        }
    }

    @Test
    void socketSetTimeoutSignalsAndKeepsTheSocketOpen() {
        client.setTimeout(Duration.ofMillis(200));
        StepVerifier.create(client.timeouts().take(1))
                .expectNext(Duration.ofMillis(200))
                .verifyComplete();
        assertThat(client.readyState()).isEqualTo(ReadyState.OPEN);
        client.setTimeout(Duration.ZERO);
    }

    @Test
    void readTimeoutCountsOnlyWhileSomeoneWaits() {
        StepVerifier.withVirtualTime(() -> Flux.<String>never().transform(Timeouts.read(Duration.ofSeconds(5))), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(1))                          // no demand: no timeout
                .thenRequest(1)
                .expectNoEvent(Duration.ofSeconds(4))
                .thenAwait(Duration.ofSeconds(1))
                .expectError(ReadTimeoutException.class)
                .verify(T);
        StepVerifier.withVirtualTime(() -> Flux.interval(Duration.ofSeconds(3)).take(5)
                        .transform(Timeouts.read(Duration.ofSeconds(5))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(15))
                .expectNextCount(5)
                .verifyComplete();
    }

    @Test
    void writeTimeoutFailsAWriteThatDoesNotComplete() {
        StepVerifier.withVirtualTime(() -> Mono.<Void>never().transform(Timeouts.write(Duration.ofSeconds(2))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(WriteTimeoutException.class)
                        .hasMessageContaining("2000 ms"))
                .verify(T);
        StepVerifier.create(client.write("fast").transform(Timeouts.write(Duration.ofSeconds(5))))
                .verifyComplete();
    }

    @Test
    void badDurationsAreRejected() {
        assertThatThrownBy(() -> Timeouts.idle(Duration.ZERO, IdleReaction.SIGNAL))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> Timeouts.read(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> client.setTimeout(Duration.ofSeconds(-1))).isInstanceOf(NetArgumentException.class);
    }
}
