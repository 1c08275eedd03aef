package io.reactivenet.samples;

import io.reactivenet.ListenOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.ServerOptions;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.framing.Framing;
import io.reactivenet.framing.Oversized;
import io.reactivenet.framing.Truncation;
import io.reactivenet.timeout.IdleReaction;
import io.reactivenet.timeout.Timeouts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The tutorial's chat server, made robust: every line a user sends goes to every other user,
 * and a user who does not read can never stall the others.
 *
 * <p>The design, in three pieces:
 * <ul>
 *   <li>The {@link Room}: by default a {@link LocalRoom}, one {@code Sinks.many().multicast()} hub
 *       in this process; with {@code --redis redis://HOST:PORT} a {@link RedisRoom}, one room shared
 *       by every chat-server process that names the same Redis.
 *   <li>A {@link Member} copies each line it gets into its <b>outbox</b>: a unicast sink over a
 *       bounded queue of {@value #OUTBOX_LINES} lines, holding at most {@value #OUTBOX_BYTES}
 *       bytes. The socket drains the outbox with {@code send}, which takes lines only while the
 *       socket is writable: backpressure from a slow client stops at its own outbox. (The bound
 *       is generous enough for bursts: 200 users each saying 20 lines at once is 3,980 lines for
 *       everyone.)
 *   <li>When a line does not fit in an outbox, the member is too slow: it is <b>disconnected</b>
 *       (policy: disconnect, never drop lines silently). It leaves the room at once ("User
 *       &lt;id&gt; left the chat." to the others), gets the lines already queued and a last line
 *       saying why, and is destroyed if it has not taken them within {@link #KICK_GRACE}.
 * </ul>
 * Lines end with {@code \n} or {@code \r\n} and may hold at most {@value #MAX_LINE_BYTES} bytes
 * (UTF-8 passes through as bytes, so a character is never split); a longer line is not sent and its
 * author is told so. The line {@value #USERS_COMMAND} is not said: its author gets the room-wide
 * user list. Ids are the peer's {@code address:port}, as in the tutorial.
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
    /** Told to a user whose line stayed unfinished past {@code --line-timeout} (slowloris), before the end. */
    static final String LINE_TIMEOUT = "Your line took too long to arrive. Disconnecting...";
    /** The one command: answered with "Users online (N): id, id, ..." to its author only. */
    static final String USERS_COMMAND = "/users";
    private static final byte[] USERS_BYTES = USERS_COMMAND.getBytes(StandardCharsets.US_ASCII);

    private ChatServer() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("chat-server")
                .option("port", "8080", "TCP port to listen on (0: any free port)")
                .option("host", "127.0.0.1", "address to listen on")
                .transportOption()
                .option("max-connections", "1000", "users at once; one more is told the room is full")
                .option("idle", "300s", "disconnect a user after this long without traffic (0: never)")
                .option("line-timeout", "30s", "disconnect a user whose line stays unfinished this long"
                        + " after its first byte: slowloris (0: never)")
                .option("redis", "off", "redis://HOST:PORT: share the room with every instance using it"
                        + " (off: the room lives in this process)")
                .option("presence-ttl", "5s", "with --redis: a killed instance's users leave the user list"
                        + " within this plus 3 heartbeats (ttl/5)")
                .serverOptions()
                .tlsServerOptions();
        if (!o.parse(args)) {
            return 0;
        }
        int port = o.port();
        String host = o.string("host");
        int maxConnections = o.integer("max-connections", 1, 1_000_000);
        Duration idle = o.duration("idle", true);
        Duration lineTimeout = o.duration("line-timeout", true);
        String redis = o.string("redis");
        Duration presenceTtl = o.duration("presence-ttl", false);
        ServerOptions options = Servers.on(o.transport(), "chat-server").proxyProtocol(o.proxyProtocol())
                .tls(o.serverTls());
        ListenOptions listen = ListenOptions.onPort(port).host(host).reusePort(o.flagSet("reuse-port"));
        if (!redis.equals("off") && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
            throw new Options.UsageException("bad value for --redis: " + redis
                    + " (redis://HOST:PORT, rediss:// for TLS, or off)");
        }

        var stop = Signals.onStop();
        // Through Redis: connected and subscribed before we listen, so no line said meanwhile is missed.
        Room room = redis.equals("off") ? new LocalRoom(maxConnections)
                : RedisRoom.start(redis, maxConnections, presenceTtl);
        ListeningServer server = Net.createServer(options, socket -> session(room, socket, idle, lineTimeout))
                .listen(listen)
                .block(Duration.ofSeconds(10));
        Servers.announce(server);
        // SIGINT/SIGTERM: stop accepting, tell everyone, let their sockets drain and end, exit 0.
        return Servers.awaitStopThenClose(server, stop, room::shutdown);
    }

    /** {@link #session(Room, NetSocket, Duration, Duration)} without a line timeout. */
    static Mono<Void> session(Room room, NetSocket raw, Duration idle) {
        return session(room, raw, idle, Duration.ZERO);
    }

    /**
     * One connection: join, then read lines into the room and drain the outbox into the socket. A
     * user idle for {@code idle} (no bytes either way) or whose line stays unfinished for {@code
     * lineTimeout} ({@link LineDeadline}) is told and disconnected; zero turns either off.
     */
    static Mono<Void> session(Room room, NetSocket raw, Duration idle, Duration lineTimeout) {
        NetSocket socket = idle.isZero() ? raw : Timeouts.idle(idle, IdleReaction.SIGNAL).apply(raw);
        String id = raw.remoteFamily() != null && raw.remoteFamily().equals("IPv6")
                ? "[" + raw.remoteAddress() + "]:" + raw.remotePort()
                : raw.remoteAddress() + ":" + raw.remotePort();
        Member me = room.join(id, socket);
        if (me == null) {
            // The handler completing ends the socket gracefully once the line is flushed.
            return socket.write(room.closing() ? SHUTDOWN + "\r\n" : "Sorry, the chat is full ("
                    + room.maxConnections() + " users). Please try again later.\r\n");
        }
        socket.timeouts().next().subscribe(d -> room.leave(me, IDLE));
        @Nullable LineDeadline deadline = lineTimeout.isZero() ? null
                : new LineDeadline(lineTimeout, raw.scheduler(), () -> room.leave(me, LINE_TIMEOUT));

        Mono<Void> reading = socket.inbound()
                .doOnNext(chunk -> {
                    if (deadline != null) {
                        deadline.observe(chunk);
                    }
                })
                .transform(Framing.lines(MAX_LINE_BYTES)
                        .withOversized(Oversized.DISCARD)           // skip it, keep the connection
                        .withTruncation(Truncation.ALLOW)           // a last line without \n still counts
                        .withDropListener(dropped -> room.tell(me, TOO_LONG))
                        .decoder())
                .takeUntilOther(me.gone.asMono())
                .doOnNext(line -> {
                    if (line.equals(ByteBuffer.wrap(USERS_BYTES))) {
                        room.tell(me, usersLine(room.users()));
                    } else {
                        room.say(me, line);
                    }
                })
                .doFinally(signal -> {
                    if (deadline != null) {
                        deadline.stop();
                    }
                    room.leave(me, null);
                })
                .then();
        // Lines only while the socket is writable; then the farewell line, if any. The outbox is
        // filled by whichever thread said the line; hopping to the socket's own event loop makes
        // every write a direct one (in order, no task per line).
        Scheduler loop = raw.scheduler();
        Mono<Void> writing = socket.send(me.outbox.asFlux()
                        .publishOn(loop, 64)
                        .doOnNext(me::taken)
                        .map(ByteBuffer::duplicate)     // the room's buffer is shared: write our own view
                        .concatWith(Mono.fromCallable(() -> me.farewell)))
                .doFinally(signal -> room.leave(me, null));
        return Mono.when(reading, writing);
    }

    /** The answer to {@value #USERS_COMMAND}. */
    static String usersLine(List<String> users) {
        return "Users online (" + users.size() + "): " + String.join(", ", users);
    }
}
