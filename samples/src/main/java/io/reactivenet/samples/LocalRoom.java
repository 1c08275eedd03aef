package io.reactivenet.samples;

import io.reactivenet.NetSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The room inside one process (the embedded default): one {@code Sinks.many().multicast()} hub.
 * Saying something is one {@code tryEmitNext} on it; every member is a subscriber, with unbounded
 * demand (so the hub never waits for anyone), that skips its own lines and copies the others into
 * its bounded outbox ({@link Member}). A member whose outbox overflows is <b>disconnected</b>
 * (policy: disconnect, never drop lines silently): it leaves at once ("User &lt;id&gt; left the
 * chat." to the others), gets the lines already queued and a last line saying why, and is destroyed
 * if it has not taken them within {@link ChatServer#KICK_GRACE}.
 *
 * <p>Emissions into the hub and into every outbox happen under this object's lock: a sink wants
 * one emitter at a time, and the lock gives every member the same order of lines. The lock is held
 * only to queue lines, never to write them.
 *
 * <p>What happens beyond this process is behind {@link Elsewhere}: {@link Elsewhere#NONE} for a
 * room of one process; {@link RedisRoom} plugs Redis in there, and feeds the lines said on other
 * instances back in through {@link #relay} and {@link #notice}.
 */
final class LocalRoom implements Room {

    /**
     * The rest of the room, on other instances. Called under the room's lock, in the room's order
     * of events, so that an implementation can number them; it must not block.
     */
    interface Elsewhere {

        /** The room of one process: nobody elsewhere. */
        Elsewhere NONE = new Elsewhere() {
        };

        /** A member joined here. */
        default void joined(String id) {
        }

        /** A member here said {@code line}: the bytes every other member gets ("id: text\r\n"), read-only. */
        default void said(String id, ByteBuffer line) {
        }

        /** A member here left. */
        default void left(String id) {
        }

        /** The members on other instances, as last known. */
        default Collection<String> remoteUsers() {
            return List.of();
        }
    }

    /** A line said in the room: who said it (null: the server, or another instance) and its bytes. */
    private record Line(@Nullable Member from, ByteBuffer bytes) {
    }

    private final Sinks.Many<Line> hub = Sinks.many().multicast().directBestEffort();
    private final ArrayDeque<Member> tooSlow = new ArrayDeque<>();
    private final Set<Member> members = new LinkedHashSet<>();
    private final int maxConnections;
    private final Elsewhere elsewhere;
    private boolean closing;

    LocalRoom(int maxConnections) {
        this(maxConnections, Elsewhere.NONE);
    }

    LocalRoom(int maxConnections, Elsewhere elsewhere) {
        this.maxConnections = maxConnections;
        this.elsewhere = elsewhere;
    }

    @Override
    public synchronized @Nullable Member join(String id, NetSocket socket) {
        if (closing || members.size() >= maxConnections) {
            return null;
        }
        Member m = new Member(id, socket, tooSlow::add);
        members.add(m);
        // Unbounded demand: the hub never waits for a member; the member's outbox is the bound.
        m.subscription = hub.asFlux()
                .filter(line -> line.from() != m)
                .subscribe(line -> m.offer(line.bytes()), e -> { }, () -> m.close(null));
        m.offer(Member.text("Welcome to the chat server! There are " + count() + " users online."));
        broadcast(m, "User " + id + " joined the chat.");
        elsewhere.joined(id);
        System.err.println("joined: " + id);
        return m;
    }

    @Override
    public synchronized boolean closing() {
        return closing;
    }

    @Override
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public synchronized void say(Member from, ByteBuffer line) {
        if (from.left) {
            return;
        }
        byte[] prefix = (from.id + ": ").getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(prefix.length + line.remaining() + 2);
        out.put(prefix).put(line).put((byte) '\r').put((byte) '\n').flip();
        publish(new Line(from, out));
        elsewhere.said(from.id, out.asReadOnlyBuffer());
    }

    @Override
    public synchronized void tell(Member to, String message) {
        if (!to.left) {
            to.offer(Member.text(message));
            kickTooSlow();
        }
    }

    @Override
    public synchronized void leave(Member m, @Nullable String farewell) {
        if (m.left) {
            return;
        }
        m.left = true;
        members.remove(m);
        m.subscription.dispose();
        m.close(farewell);
        System.err.println("left: " + m.id + (farewell != null ? " (" + farewell + ")" : ""));
        if (!closing) {
            broadcast(null, "User " + m.id + " left the chat.");
        }
        elsewhere.left(m.id);
    }

    @Override
    public synchronized int count() {
        return members.size() + elsewhere.remoteUsers().size();
    }

    @Override
    public synchronized List<String> users() {
        List<String> all = new ArrayList<>(localUsers());
        all.addAll(elsewhere.remoteUsers());
        all.sort(null);
        return all;
    }

    /** The ids of the members on this instance, in the order they joined. */
    synchronized List<String> localUsers() {
        List<String> ids = new ArrayList<>(members.size());
        members.forEach(m -> ids.add(m.id));
        return ids;
    }

    @Override
    public synchronized void shutdown() {
        closing = true;
        broadcast(null, ChatServer.SHUTDOWN);
        hub.tryEmitComplete();      // every member's subscription completes: Member.close
    }

    /**
     * Every line said in the room from now on ("id: text\r\n" or a server notice), read-only: what a
     * member sees, for an observer that is not a member (the Spring sample's Server-Sent Events).
     * Hot and best effort, like the hub: an observer that does not keep up misses lines; completes
     * at {@link #shutdown}.
     */
    Flux<ByteBuffer> lines() {
        return hub.asFlux().map(line -> line.bytes().asReadOnlyBuffer());
    }

    /** A line from outside the room ("name: text"), e.g. the Spring sample's HTTP API: to every member. */
    synchronized void announce(String message) {
        if (!closing) {
            broadcast(null, message);
        }
    }

    /** A line said on another instance ("id: text\r\n"): to every member here. */
    synchronized void relay(ByteBuffer line) {
        if (!closing) {
            publish(new Line(null, line));
        }
    }

    /** A server notice from elsewhere (someone joined or left there): to every member here. */
    synchronized void notice(String message) {
        if (!closing) {
            broadcast(null, message);
        }
    }

    private void broadcast(@Nullable Member from, String message) {
        publish(new Line(from, Member.text(message)));
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
            leave(slow, ChatServer.TOO_SLOW);
            // A stuck client never takes its last lines: do not keep its socket for ever.
            Mono.delay(ChatServer.KICK_GRACE).takeUntilOther(slow.socket.onClose())
                    .subscribe(x -> {
                        System.err.println("destroyed: " + slow.id + " (did not take its last lines in time)");
                        slow.socket.destroy();
                    });
        }
    }
}
