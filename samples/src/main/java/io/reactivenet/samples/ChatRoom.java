package io.reactivenet.samples;

import io.reactivenet.ListeningServer;
import io.reactivenet.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chat room of {@code chat-server} for an application outside this package: the one public
 * door into the sample's package-private {@link Room}, {@link LocalRoom} and
 * {@link ChatServer#session}. The Spring Boot sample ({@code samples-spring}) serves it over TCP
 * with {@link #session} and over HTTP with {@link #users}, {@link #say} and {@link #lines}.
 *
 * <p>Only the room of one process ({@link LocalRoom}); the Redis-shared room stays with
 * {@code chat-server --redis}.
 *
 * <p>Threading: every method may be called from any thread and none blocks (see {@link Room}).
 */
public final class ChatRoom {

    private final LocalRoom room;

    private ChatRoom(LocalRoom room) {
        this.room = room;
    }

    /** A room in this process for at most {@code maxConnections} TCP users. */
    public static ChatRoom local(int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1: " + maxConnections);
        }
        return new ChatRoom(new LocalRoom(maxConnections));
    }

    /**
     * One TCP user, as {@code chat-server} serves it: a server handler
     * ({@code socket -> room.session(socket, idle)}). {@link Duration#ZERO}: never idle out.
     */
    public Mono<Void> session(NetSocket socket, Duration idle) {
        return ChatServer.session(room, socket, idle);
    }

    /** Who is online, sorted (what {@code /users} answers). */
    public List<String> users() {
        return room.users();
    }

    /** A line from outside the room, {@code "<from>: <text>"}, to every TCP user. */
    public void say(String from, String text) {
        room.announce(from + ": " + text);
    }

    /**
     * Every line said in the room from now on, as the TCP users see it but without the line
     * ending. Hot and best effort: a subscriber that does not keep up misses lines (buffer what
     * you need); completes when the room {@linkplain #shutdown shuts down}.
     */
    public Flux<String> lines() {
        return room.lines().map(bytes -> {
            String s = StandardCharsets.UTF_8.decode(bytes).toString();
            return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s;
        });
    }

    /** No more joins; everyone gets the goodbye line, then their sockets end. */
    public void shutdown() {
        room.shutdown();
    }

    /** The line every sample prints once it listens: {@code listening on <host>:<port>}. */
    public static void announce(ListeningServer server) {
        Servers.announce(server);
    }
}
