package io.reactivenet.internal.socket;

import static io.reactivenet.internal.socket.Embedded.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.subscriber.TestSubscriber;

/**
 * {@code setTimeout} on the shared IdleTimer, driven by the EmbeddedChannel's virtual clock: once per
 * idle period, restarted by reads and writes, off with zero, completed on close.
 */
class IdleWatchTest {

    private static final Duration T = Duration.ofMillis(100);

    private Embedded e;
    private TestSubscriber<Duration> timeouts;

    @BeforeEach
    void open() {
        e = new Embedded(true, 1024);
        e.channel.freezeTime();
        timeouts = TestSubscriber.create();
        e.socket.timeouts().subscribe(timeouts);
        e.socket.inbound().subscribe(TestSubscriber.create());
        e.socket.setTimeout(T);
    }

    @AfterEach
    void close() {
        e.close();
    }

    private void advance(long millis) {
        e.channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        e.channel.runScheduledPendingTasks();
    }

    @Test
    void firesOncePerIdlePeriod() {
        advance(99);
        assertThat(timeouts.getReceivedOnNext()).isEmpty();
        advance(1);
        assertThat(timeouts.getReceivedOnNext()).containsExactly(T);
        advance(500);
        assertThat(timeouts.getReceivedOnNext()).as("quiet until the next activity").hasSize(1);
    }

    @Test
    void aReadStartsThePeriodAgain() {
        advance(60);
        e.receive("x");
        advance(60);
        assertThat(timeouts.getReceivedOnNext()).isEmpty();
        advance(40);
        assertThat(timeouts.getReceivedOnNext()).containsExactly(T);
        e.receive("y");
        advance(100);
        assertThat(timeouts.getReceivedOnNext()).as("a new idle period after activity").hasSize(2);
    }

    @Test
    void aWriteStartsThePeriodAgain() {
        advance(60);
        e.socket.write(bytes("x")).toFuture().join();
        advance(60);
        assertThat(timeouts.getReceivedOnNext()).isEmpty();
        advance(40);
        assertThat(timeouts.getReceivedOnNext()).hasSize(1);
        assertThat(e.written()).isEqualTo("x");
    }

    @Test
    void zeroTurnsItOffAndCloseCompletesTheEvents() {
        e.socket.setTimeout(Duration.ZERO);
        advance(1000);
        assertThat(timeouts.getReceivedOnNext()).isEmpty();
        e.socket.destroy();
        assertThat(timeouts.isTerminatedComplete()).isTrue();
    }
}
