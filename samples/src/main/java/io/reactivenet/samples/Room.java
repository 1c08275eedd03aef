package io.reactivenet.samples;

import io.reactivenet.NetSocket;
import java.nio.ByteBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The chat sample's room: who is in it, and the lines its members say. Every line a member says
 * reaches every other member once, in the order its author said it; the lines a member gets are
 * copied into its {@link Member#outbox}, which its own socket drains (so a slow member only ever
 * slows itself, and is disconnected when its outbox overflows).
 *
 * <p>Two implementations: {@link LocalRoom}, the room inside one process (the default), and
 * {@link RedisRoom}, one room shared by any number of chat-server processes through Redis.
 *
 * <p>Threading: every method may be called from any thread; implementations serialize them.
 * None blocks: a member's lines and the room's notices are queued, never written in the call.
 */
interface Room {

    /** Adds a member and welcomes it, or returns null when this instance is full or closing. */
    @Nullable Member join(String id, NetSocket socket);

    /** {@code from} said {@code line} (its bytes, without the line ending): to every other member. */
    void say(Member from, ByteBuffer line);

    /** A line for one member only. */
    void tell(Member to, String message);

    /** The member leaves (idempotent): out of the room, the others told, its outbox completed. */
    void leave(Member m, @Nullable String farewell);

    /** Members in the whole room (every instance), as this instance knows them now. */
    int count();

    /** The ids of the members in the whole room, sorted. */
    List<String> users();

    /** Members one instance takes at most; one more is told the room is full. */
    int maxConnections();

    /** True once {@link #shutdown} ran: no more joins. */
    boolean closing();

    /** SIGTERM: no more joins; everyone here gets the goodbye line, then its socket is ended. */
    void shutdown();
}
