package io.reactivenet.samples;

import io.reactivenet.NetSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One user in the room, connected to this instance: its socket and its bounded <b>outbox</b>, a
 * unicast sink over a queue of at most {@value ChatServer#OUTBOX_LINES} lines holding at most
 * {@value ChatServer#OUTBOX_BYTES} bytes. The queue grows in links of {@value #LINK} lines as
 * lines wait, and the bounds are counted here: a member that keeps up costs one small link, not
 * an array of {@value ChatServer#OUTBOX_LINES} slots (32 KiB allocated at every join, which a
 * connect/RST storm of 1,000 peers turned into 32 MiB of garbage). The room offers lines; the socket
 * drains them while it is writable. An offer that does not fit marks the member too slow and
 * hands it to the room's overflow callback, which disconnects it.
 *
 * <p>Threading: {@link #offer} and {@link #close} are called under the room's lock (one emitter at
 * a time, as a sink wants); the socket side reads {@link #outbox}, calls {@link #taken} and reads
 * {@link #farewell} from its own event loop.
 */
final class Member {

    final String id;
    final NetSocket socket;
    /** Lines per link of the outbox's queue. */
    static final int LINK = 64;

    /** One producer at a time (the room's lock), one consumer (the socket): a linked SPSC queue. */
    final Sinks.Many<ByteBuffer> outbox =
            Sinks.many().unicast().onBackpressureBuffer(Queues.<ByteBuffer>unbounded(LINK).get());
    /** Emits when the member is out of the room: its reading stops. */
    final Sinks.Empty<Void> gone = Sinks.empty();
    /** Bytes in the outbox and on their way to the socket's event loop. */
    final AtomicLong queuedBytes = new AtomicLong();
    /** Lines in the outbox and on their way to the socket's event loop. */
    final AtomicInteger queuedLines = new AtomicInteger();
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

    /**
     * Queues a line for this member; under the room's lock. The buffer is the room's, shared by
     * every member and never moved: a waiting line costs its member one queue slot, not a buffer
     * object of its own (1,000 members who do not read, each holding 8,192 notices, would keep
     * 400 MiB of duplicates); the socket side takes its own view when it writes the line.
     */
    void offer(ByteBuffer line) {
        if (overflowed || left) {
            return;
        }
        int n = line.remaining();
        if (queuedBytes.addAndGet(n) > ChatServer.OUTBOX_BYTES
                || queuedLines.incrementAndGet() > ChatServer.OUTBOX_LINES
                || outbox.tryEmitNext(line) == Sinks.EmitResult.FAIL_OVERFLOW) {
            overflowed = true;
            onOverflow.accept(this);
        }
    }

    /** The socket took {@code line} from the outbox (on its event loop). */
    void taken(ByteBuffer line) {
        queuedBytes.addAndGet(-line.remaining());
        queuedLines.decrementAndGet();
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
