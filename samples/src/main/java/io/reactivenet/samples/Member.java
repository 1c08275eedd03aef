package io.reactivenet.samples;

import io.reactivenet.NetSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Sinks;

/**
 * One user in the room, connected to this instance: its socket and its bounded <b>outbox</b>, a
 * unicast sink over an {@link ArrayBlockingQueue} of {@value ChatServer#OUTBOX_LINES} lines
 * holding at most {@value ChatServer#OUTBOX_BYTES} bytes. The room offers lines; the socket
 * drains them while it is writable. An offer that does not fit marks the member too slow and
 * hands it to the room's overflow callback, which disconnects it.
 *
 * <p>Threading: {@link #offer} and {@link #close} are called under the room's lock (one emitter at
 * a time, as a sink wants); the socket side reads {@link #outbox}, {@link #queuedBytes} and
 * {@link #farewell} from its own event loop.
 */
final class Member {

    final String id;
    final NetSocket socket;
    /** Bounded: a failed tryEmitNext is how we learn that the member is too slow. */
    final Sinks.Many<ByteBuffer> outbox =
            Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(ChatServer.OUTBOX_LINES));
    /** Emits when the member is out of the room: its reading stops. */
    final Sinks.Empty<Void> gone = Sinks.empty();
    /** Bytes in the outbox and on their way to the socket's event loop. */
    final AtomicLong queuedBytes = new AtomicLong();
    volatile @Nullable ByteBuffer farewell;
    /** The member's subscription to the room's hub (under the room's lock). */
    Disposable subscription = Disposables.disposed();
    boolean left;
    private boolean overflowed;
    private final Consumer<Member> onOverflow;

    Member(String id, NetSocket socket, Consumer<Member> onOverflow) {
        this.id = id;
        this.socket = socket;
        this.onOverflow = onOverflow;
    }

    /** Queues a line for this member; under the room's lock. */
    void offer(ByteBuffer line) {
        if (overflowed || left) {
            return;
        }
        int n = line.remaining();
        if (queuedBytes.addAndGet(n) > ChatServer.OUTBOX_BYTES
                || outbox.tryEmitNext(line.duplicate()) == Sinks.EmitResult.FAIL_OVERFLOW) {
            overflowed = true;
            onOverflow.accept(this);
        }
    }

    /** No more lines: the queued ones, then the farewell (if any), then the socket ends. */
    void close(@Nullable String why) {
        if (why != null) {
            farewell = text(why);
        }
        outbox.tryEmitComplete();
        gone.tryEmitEmpty();
    }

    /** A server line: the text and CRLF, in UTF-8. */
    static ByteBuffer text(String s) {
        return ByteBuffer.wrap((s + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
