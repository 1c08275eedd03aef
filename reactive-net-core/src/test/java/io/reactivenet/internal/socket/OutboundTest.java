package io.reactivenet.internal.socket;

import static io.reactivenet.internal.socket.Embedded.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.reactivenet.NetException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** The outbound part alone, on EmbeddedChannels: coalescing, order, splicing, refusals, failures. */
class OutboundTest {

    private Embedded e;
    private Embedded source;

    @AfterEach
    void close() {
        if (e != null) {
            e.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void smallBuffersOfOneSendBecomeOneWrite() {
        e = new Embedded(true, 64 * 1024);
        CompletableFuture<Void> sent = e.socket.send(Flux.just(bytes("a"), bytes("bc"), bytes("def"))).toFuture();
        e.channel.runPendingTasks(); // the end of the loop turn: the aggregate is written
        assertThat(sent).isCompleted();
        assertThat(e.written()).isEqualTo("abcdef");
        assertThat(e.written()).isNull();
        assertThat(e.socket.bytesWritten()).isEqualTo(6);
    }

    @Test
    void aLargeBufferIsWrittenAsItIsAndKeepsItsPlace() {
        e = new Embedded(true, 64 * 1024);
        String large = "x".repeat(4096);
        CompletableFuture<Void> sent = e.socket.send(Flux.just(bytes("ab"), bytes(large), bytes("cd"))).toFuture();
        e.channel.runPendingTasks();
        assertThat(sent).isCompleted();
        assertThat(e.written()).isEqualTo("ab");
        assertThat(e.written()).isEqualTo(large);
        assertThat(e.written()).isEqualTo("cd");
        assertThat(e.socket.bytesWritten()).isEqualTo(4100);
    }

    @Test
    void aSplicedBufferReachesTheTargetUncopied() {
        source = new Embedded(true, 64 * 1024);
        e = new Embedded(true, 64 * 1024);
        CompletableFuture<Void> sent = e.socket.send(source.socket.inbound()).toFuture();
        ByteBuf large = Unpooled.directBuffer(4096).writeZero(4096);
        source.channel.writeInbound(large);

        ByteBuf out = e.channel.readOutbound();
        assertThat(out).as("the very buffer the source read").isSameAs(large);
        out.release();

        source.receive("small");
        source.channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        e.channel.runPendingTasks();
        assertThat(e.written()).isEqualTo("small");
        assertThat(sent).as("the source's FIN completes the send").isCompleted();
    }

    @Test
    void anUpstreamErrorFailsTheSend() {
        e = new Embedded(true, 64 * 1024);
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Void> sent = e.socket.send(Flux.concat(Flux.just(bytes("held")), Flux.error(boom))).toFuture();
        e.channel.runPendingTasks();
        assertThat(sent).isCompletedExceptionally();
        assertThat(cause(sent)).isSameAs(boom);
        assertThat(e.written()).as("gathered bytes are released, not written").isNull();
    }

    @Test
    void writesAfterEndAreRefused() {
        e = new Embedded(true, 64 * 1024);
        e.socket.end().toFuture().join();
        CompletableFuture<Void> write = e.socket.write(bytes("late")).toFuture();
        assertThat(code(write)).isEqualTo(NetException.ERR_STREAM_WRITE_AFTER_END);
        CompletableFuture<Void> send = e.socket.send(Flux.just(bytes("late"))).toFuture();
        assertThat(code(send)).isEqualTo(NetException.ERR_STREAM_WRITE_AFTER_END);
    }

    @Test
    void aSendStillRunningFailsWhenTheChannelCloses() {
        e = new Embedded(true, 64 * 1024);
        Sinks.Many<ByteBuffer> never = Sinks.many().unicast().onBackpressureBuffer();
        CompletableFuture<Void> sent = e.socket.send(never.asFlux()).toFuture();
        e.socket.destroy();
        assertThat(code(sent)).isEqualTo(NetException.ERR_SOCKET_CLOSED);
    }

    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.join();
            throw new AssertionError("completed normally");
        } catch (CompletionException x) {
            return x.getCause();
        }
    }

    private static String code(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        return ((NetException) cause(f)).code();
    }
}
