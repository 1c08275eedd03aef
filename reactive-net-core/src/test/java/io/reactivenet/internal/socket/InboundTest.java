package io.reactivenet.internal.socket;

import static io.reactivenet.internal.socket.Embedded.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.reactivenet.CloseEvent;
import io.reactivenet.NetException;
import io.reactivenet.ReadyState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.subscriber.TestSubscriber;

/** The inbound part alone, on an EmbeddedChannel: demand, read-ahead, half-close, cancel, errors. */
class InboundTest {

    private Embedded e;

    @AfterEach
    void close() {
        if (e != null) {
            e.close();
        }
    }

    private static TestSubscriber<ByteBuffer> subscriber() {
        return TestSubscriber.<ByteBuffer>builder().initialRequest(0).build();
    }

    private static List<String> texts(TestSubscriber<ByteBuffer> s) {
        return s.getReceivedOnNext().stream().map(Embedded::text).toList();
    }

    @Test
    void withoutDemandItReadsAheadUpToTheHighWaterMarkThenStops() {
        e = new Embedded(true, 8);
        TestSubscriber<ByteBuffer> s = subscriber();
        e.socket.inbound().subscribe(s);
        assertThat(e.reads()).as("a subscriber without demand still reads ahead").isPositive();

        int before = e.reads();
        e.receive("12345");
        assertThat(e.reads()).as("5 bytes queued, under the bound: reads on").isGreaterThan(before);
        int atBound = e.reads();
        e.receive("67890"); // 10 bytes queued: over the bound of 8
        e.channel.pipeline().fireChannelReadComplete();
        assertThat(e.reads()).as("no read once the bound is reached").isEqualTo(atBound);
        assertThat(s.getReceivedOnNext()).isEmpty();

        s.request(1);
        assertThat(texts(s)).containsExactly("12345");
        assertThat(e.reads()).as("under the bound again: reading resumes").isGreaterThan(atBound);
        assertThat(e.socket.bytesRead()).isEqualTo(10);
    }

    @Test
    void thePeersFinFollowsTheQueuedBytesAndAHalfOpenSocketKeepsWriting() {
        e = new Embedded(true, 1024);
        TestSubscriber<ByteBuffer> s = subscriber();
        e.socket.inbound().subscribe(s);
        e.receive("ab", "cd");
        e.channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(s.isTerminated()).as("FIN waits behind the queued bytes").isFalse();

        s.request(2);
        assertThat(texts(s)).containsExactly("ab", "cd");
        assertThat(s.isTerminatedComplete()).isTrue();
        assertThat(e.socket.readyState()).isEqualTo(ReadyState.WRITE_ONLY);

        e.socket.write("back").toFuture().join();
        assertThat(e.written()).isEqualTo("back");
        assertThat(e.channel.isOpen()).isTrue();
    }

    @Test
    void withoutHalfOpenThePeersFinEndsOurSideToo() {
        e = new Embedded(false, 1024);
        TestSubscriber<ByteBuffer> s = TestSubscriber.create();
        e.socket.inbound().subscribe(s);
        e.channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(s.isTerminatedComplete()).isTrue();
        // An EmbeddedChannel cannot half-close: our end() closes it instead.
        assertThat(e.channel.isOpen()).isFalse();
        assertThat(e.socket.onClose().toFuture().join()).isEqualTo(new CloseEvent(false, null));
    }

    @Test
    void cancelReleasesWhatIsQueuedAndKeepsReadingToSeeTheFin() {
        e = new Embedded(true, 1024);
        TestSubscriber<ByteBuffer> s = subscriber();
        e.socket.inbound().subscribe(s);
        e.receive("queued");
        s.cancel();

        ByteBuf late = Embedded.buf("late");
        int reads = e.reads();
        e.channel.writeInbound(late);
        assertThat(late.refCnt()).as("dropped bytes go back at once").isZero();
        assertThat(e.reads()).as("still reading, so the FIN is seen").isGreaterThan(reads);
        assertThat(e.socket.bytesRead()).isEqualTo(10);

        e.channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(e.socket.readyState()).isEqualTo(ReadyState.WRITE_ONLY);
        assertThat(s.getReceivedOnNext()).isEmpty();
    }

    @Test
    void aReadErrorFollowsTheQueuedBytesAndCloseReportsIt() {
        e = new Embedded(true, 1024);
        TestSubscriber<ByteBuffer> s = subscriber();
        e.socket.inbound().subscribe(s);
        e.receive("before");
        e.channel.pipeline().fireExceptionCaught(new IOException("boom"));

        assertThat(s.isTerminated()).isFalse();
        s.request(1);
        assertThat(texts(s)).containsExactly("before");
        assertThat(s.expectTerminalError()).isInstanceOf(NetException.class);
        CloseEvent closed = e.socket.onClose().toFuture().join();
        assertThat(closed.hadError()).isTrue();
    }

    @Test
    void destroyWithAnErrorDropsTheQueuedBytes() {
        e = new Embedded(true, 1024);
        TestSubscriber<ByteBuffer> s = subscriber();
        e.socket.inbound().subscribe(s);
        e.receive("dropped");
        IllegalStateException error = new IllegalStateException("stop");
        e.socket.destroy(error);

        assertThat(s.expectTerminalError()).isSameAs(error);
        assertThat(s.getReceivedOnNext()).isEmpty();
        assertThat(e.socket.onClose().toFuture().join()).isEqualTo(new CloseEvent(true, error));
        assertThat(e.socket.destroyed()).isTrue();
    }

    @Test
    void aSecondSubscriberIsRefused() {
        e = new Embedded(true, 1024);
        e.socket.inbound().subscribe(subscriber());
        TestSubscriber<ByteBuffer> second = TestSubscriber.create();
        e.socket.inbound().subscribe(second);
        assertThat(second.expectTerminalError()).isInstanceOfSatisfying(NetException.class,
                x -> assertThat(x.code()).isEqualTo(NetException.ERR_STREAM_ALREADY_SUBSCRIBED));
    }

    @Test
    void aNonPositiveRequestFailsTheSocket() {
        e = new Embedded(true, 1024);
        AtomicReference<Throwable> error = new AtomicReference<>();
        e.socket.inbound().subscribe(new BaseSubscriber<ByteBuffer>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.request(0);
            }

            @Override
            protected void hookOnError(Throwable t) {
                error.set(t);
            }
        });
        assertThat(error.get()).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.channel.isOpen()).isFalse();
    }
}
