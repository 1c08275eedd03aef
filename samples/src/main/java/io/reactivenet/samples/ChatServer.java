package io.reactivenet.samples;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.framing.Framing;
import io.reactivenet.framing.Oversized;
import io.reactivenet.framing.Truncation;
import io.reactivenet.timeout.IdleReaction;
import io.reactivenet.timeout.Timeouts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The tutorial's chat server, made robust: every line a user sends goes to every other user,
 * and a user who does not read can never stall the others.
 *
 * <p>The design, in three pieces:
 * <ul>
 *   <li>The {@link Room} is one {@code Sinks.many().multicast()} hub. Saying something is one
 *       {@code tryEmitNext} on it; every member is a subscriber that skips its own lines.
 *   <li>A {@link Member} subscribes with unbounded demand (so the hub never waits for anyone) and
 *       copies each line into its <b>outbox</b>: a unicast sink over an {@link ArrayBlockingQueue}
 *       of {@value #OUTBOX_LINES} lines, holding at most {@value #OUTBOX_BYTES} bytes. The socket
 *       drains the outbox with {@code send}, which takes lines only while the socket is writable:
 *       backpressure from a slow client stops at its own outbox. (The bound is generous enough for
 *       bursts: 200 users each saying 20 lines at once is 3,980 lines for everyone.)
 *   <li>When {@code tryEmitNext} on an outbox fails because it is full (or it holds too many
 *       bytes), the member is too slow: it is <b>disconnected</b> (policy: disconnect, never drop
 *       lines silently). It leaves the room at
 *       once ("User &lt;id&gt; left the chat." to the others), gets the lines already queued and a
 *       last line saying why, and is destroyed if it has not taken them within
 *       {@link #KICK_GRACE}.
 * </ul>
 * Lines end with {@code \n} or {@code \r\n} and may hold at most {@value #MAX_LINE_BYTES} bytes
 * (UTF-8 passes through as bytes, so a character is never split); a longer line is not sent and its
 * author is told so. Ids are the peer's {@code address:port}, as in the tutorial.
 */
final class ChatServer {

    /** Longest line a user may send, in bytes without the line ending. */
    static final int MAX_LINE_BYTES = 4096;
    /** Lines queued for one member beyond what its socket and kernel buffers hold... */
    static final int OUTBOX_LINES = 8192;
    /** ... and bytes: a member never costs more than this (plus the socket's high-water mark). */
    static final int OUTBOX_BYTES = 1 << 20;
    /** How long a disconnected member may take to read its last lines before it is destroyed. */
    static final Duration KICK_GRACE = Duration.ofSeconds(10);

    static final String TOO_SLOW = "You are not reading fast enough: too many messages are waiting for you."
            + " Disconnecting...";
    static final String IDLE = "You have been inactive for too long. Disconnecting...";
    static final String TOO_LONG = "Your line was not sent: it is longer than " + MAX_LINE_BYTES + " bytes.";
    static final String SHUTDOWN = "The server is shutting down. Goodbye!";

    private ChatServer() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("chat-server")
                .option("port", "8080", "TCP port to listen on (0: any free port)")
                .option("host", "127.0.0.1", "address to listen on")
                .option("max-connections", "1000", "users at once; one more is told the room is full")
                .option("idle", "300s", "disconnect a user after this long without traffic (0: never)");
        if (!o.parse(args)) {
            return 0;
        }
        int port = o.port();
        String host = o.string("host");
        int maxConnections = o.integer("max-connections", 1, 1_000_000);
        Duration idle = o.duration("idle", true);

        var stop = Signals.onStop();
        Room room = new Room(maxConnections);
        ListeningServer server = Net.createServer(socket -> session(room, socket, idle))
                .listen(port, host)
                .block(Duration.ofSeconds(10));
        Servers.announce(server);
        // SIGINT/SIGTERM: stop accepting, tell everyone, let their sockets drain and end, exit 0.
        return Servers.awaitStopThenClose(server, stop, room::shutdown);
    }

    /** One connection: join, then read lines into the room and drain the outbox into the socket. */
    static Mono<Void> session(Room room, NetSocket raw, Duration idle) {
        NetSocket socket = idle.isZero() ? raw : Timeouts.idle(idle, IdleReaction.SIGNAL).apply(raw);
        String id = raw.remoteFamily() != null && raw.remoteFamily().equals("IPv6")
                ? "[" + raw.remoteAddress() + "]:" + raw.remotePort()
                : raw.remoteAddress() + ":" + raw.remotePort();
        Room.Member me = room.join(id, socket);
        if (me == null) {
            // The handler completing ends the socket gracefully once the line is flushed.
            return socket.write(room.closing() ? SHUTDOWN + "\r\n" : "Sorry, the chat is full ("
                    + room.maxConnections + " users). Please try again later.\r\n");
        }
        socket.timeouts().next().subscribe(d -> room.leave(me, IDLE));

        Mono<Void> reading = socket.inbound()
                .transform(Framing.lines(MAX_LINE_BYTES)
                        .withOversized(Oversized.DISCARD)           // skip it, keep the connection
                        .withTruncation(Truncation.ALLOW)           // a last line without \n still counts
                        .withDropListener(dropped -> room.tell(me, TOO_LONG))
                        .decoder())
                .takeUntilOther(me.gone.asMono())
                .doOnNext(line -> room.say(me, line))
                .doFinally(signal -> room.leave(me, null))
                .then();
        // Lines only while the socket is writable; then the farewell line, if any. The outbox is
        // filled by whichever thread said the line; hopping to the socket's own event loop makes
        // every write a direct one (in order, no task per line).
        Scheduler loop = raw.scheduler();
        Mono<Void> writing = socket.send(me.outbox.asFlux()
                        .publishOn(loop, 64)
                        .doOnNext(line -> me.queuedBytes.addAndGet(-line.remaining()))
                        .concatWith(Mono.fromCallable(() -> me.farewell)))
                .doFinally(signal -> room.leave(me, null));
        return Mono.when(reading, writing);
    }

    /** A line said in the room: who said it (null: the server) and the bytes every other member gets. */
    record Line(Room.@Nullable Member from, ByteBuffer bytes) {
    }

    /**
     * The room: a multicast hub and the rules for joining and leaving. Emissions into the hub and
     * into every outbox happen under the room's lock: a sink wants one emitter at a time, and the
     * lock gives every member the same order of lines.
     */
    static final class Room {

        private final Sinks.Many<Line> hub = Sinks.many().multicast().directBestEffort();
        private final ArrayDeque<Member> tooSlow = new ArrayDeque<>();
        final int maxConnections;
        private boolean closing;

        Room(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        /** Adds a member and welcomes it, or returns null when the room is full or closing. */
        synchronized @Nullable Member join(String id, NetSocket socket) {
            if (closing || hub.currentSubscriberCount() >= maxConnections) {
                return null;
            }
            Member m = new Member(id, socket);
            // Unbounded demand: the hub never waits for a member; the member's outbox is the bound.
            m.subscription = hub.asFlux()
                    .filter(line -> line.from() != m)
                    .subscribe(line -> m.offer(line.bytes()), e -> { }, () -> m.close(null));
            m.offer(text("Welcome to the chat server! There are " + hub.currentSubscriberCount()
                    + " users online."));
            broadcast(m, "User " + id + " joined the chat.");
            System.err.println("joined: " + id);
            return m;
        }

        synchronized boolean closing() {
            return closing;
        }

        /** {@code from} said {@code line} (its bytes, without the line ending). */
        synchronized void say(Member from, ByteBuffer line) {
            if (from.left) {
                return;
            }
            byte[] prefix = (from.id + ": ").getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(prefix.length + line.remaining() + 2);
            out.put(prefix).put(line).put((byte) '\r').put((byte) '\n').flip();
            publish(new Line(from, out));
        }

        /** A line for one member only. */
        synchronized void tell(Member to, String message) {
            if (!to.left) {
                to.offer(text(message));
                kickTooSlow();
            }
        }

        /** The member leaves (idempotent): out of the room, the others told, its outbox completed. */
        synchronized void leave(Member m, @Nullable String farewell) {
            if (m.left) {
                return;
            }
            m.left = true;
            m.subscription.dispose();
            m.close(farewell);
            System.err.println("left: " + m.id + (farewell != null ? " (" + farewell + ")" : ""));
            if (!closing) {
                broadcast(null, "User " + m.id + " left the chat.");
            }
        }

        /** SIGTERM: no more joins; everyone gets the goodbye line, then its socket is ended. */
        synchronized void shutdown() {
            closing = true;
            broadcast(null, SHUTDOWN);
            hub.tryEmitComplete();      // every member's subscription completes: Member.close
        }

        private void broadcast(@Nullable Member from, String message) {
            publish(new Line(from, text(message)));
        }

        private void publish(Line line) {
            hub.tryEmitNext(line);      // FAIL_ZERO_SUBSCRIBER (an empty room) is fine
            kickTooSlow();
        }

        /** Members whose outbox overflowed during the emission, removed after it (no re-entrant emission). */
        private void kickTooSlow() {
            Member m;
            while ((m = tooSlow.poll()) != null) {
                Member slow = m;
                leave(slow, TOO_SLOW);
                // A stuck client never takes its last lines: do not keep its socket for ever.
                Mono.delay(KICK_GRACE).takeUntilOther(slow.socket.onClose())
                        .subscribe(x -> {
                            System.err.println("destroyed: " + slow.id + " (did not take its last lines in time)");
                            slow.socket.destroy();
                        });
            }
        }

        private static ByteBuffer text(String s) {
            return ByteBuffer.wrap((s + "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        /** A member found its outbox full: called under the lock, during an emission. */
        void overflowed(Member m) {
            tooSlow.add(m);
        }

        final class Member {
            final String id;
            final NetSocket socket;
            /** Bounded: a failed tryEmitNext is how we learn that the member is too slow. */
            final Sinks.Many<ByteBuffer> outbox =
                    Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(OUTBOX_LINES));
            /** Emits when the member is out of the room: its reading stops. */
            final Sinks.Empty<Void> gone = Sinks.empty();
            /** Bytes in the outbox and on their way to the socket's event loop. */
            final AtomicLong queuedBytes = new AtomicLong();
            volatile @Nullable ByteBuffer farewell;
            Disposable subscription = Disposables.disposed();
            boolean left;
            private boolean overflowed;

            Member(String id, NetSocket socket) {
                this.id = id;
                this.socket = socket;
            }

            /** Under the room's lock. */
            void offer(ByteBuffer line) {
                if (overflowed || left) {
                    return;
                }
                int n = line.remaining();
                if (queuedBytes.addAndGet(n) > OUTBOX_BYTES
                        || outbox.tryEmitNext(line.duplicate()) == Sinks.EmitResult.FAIL_OVERFLOW) {
                    overflowed = true;
                    overflowed(this);
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
        }
    }
}
