package io.reactivenet.samples;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Who is in the shared room, kept in Redis with expiry, and this instance's view of the other
 * instances' members.
 *
 * <p>In Redis: a set {@value #INSTANCES} of instance ids, and per instance a hash
 * {@code chat:instance:<id>} whose fields are its members' ids (plus a sentinel field, so that an
 * instance without members still exists). Every heartbeat (ttl/5) one Lua script, atomically,
 * rewrites this instance's hash from scratch, sets its expiry to the ttl, and reads every other
 * live instance's members back; a listed instance whose hash has expired is removed from the set,
 * and reported as gone to the one instance whose script removed it (so its users' departure is
 * announced once). A killed instance's hash expires at most one ttl after its last heartbeat; the
 * other instances see that at their next heartbeat: its users leave every user list within ttl + 1
 * heartbeat plus scheduling delays. The documented bound leaves two more heartbeats for those
 * delays: <b>ttl + 3 heartbeats</b> (8 s with the default 5 s ttl). Redis's own clock does the expiry: the instances' clocks do not matter.
 * (The script touches keys it computes, which a standalone Redis allows; Redis Cluster would need
 * the keys in one hash slot.)
 *
 * <p>The view: between heartbeats it follows the JOIN/LEAVE messages of the room's channel, so a
 * welcome count or a user list is current to the pub/sub latency, not to the heartbeat. Each
 * instance writes, with its members, the sequence number of its last message; a snapshot replaces
 * this view's entry for an instance only if it is at least as new as the last message taken from
 * that instance (an older snapshot would undo a join or a leave heard since). The same per-instance
 * sequence numbers are the duplicate filter of the room's messages ({@link #take}).
 *
 * <p>Threading: the view's methods are called under the room's lock; {@link #beat} and
 * {@link #remove} only build commands and touch no state.
 */
final class RedisPresence {

    static final String INSTANCES = "chat:instances";
    static final String INSTANCE_PREFIX = "chat:instance:";

    /** KEYS[1]: the instances; ARGV: hash prefix, this instance, ttl ms, its last seq, then its members. */
    private static final String HEARTBEAT = """
            local mine = ARGV[1] .. ARGV[2]
            redis.call('DEL', mine)
            redis.call('HSET', mine, '.', ARGV[4])
            for i = 5, #ARGV do redis.call('HSET', mine, ARGV[i], '') end
            redis.call('PEXPIRE', mine, ARGV[3])
            redis.call('SADD', KEYS[1], ARGV[2])
            local out = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if id ~= ARGV[2] then
                local users = redis.call('HKEYS', ARGV[1] .. id)
                if #users == 0 then
                  redis.call('SREM', KEYS[1], id)
                  table.insert(out, {id, 'gone', '0'})
                else
                  local entry = {id, 'live', redis.call('HGET', ARGV[1] .. id, '.') or '0'}
                  for _, u in ipairs(users) do
                    if u ~= '.' then table.insert(entry, u) end
                  end
                  table.insert(out, entry)
                end
              end
            end
            return out
            """;

    /**
     * One instance in a snapshot: live with these users as of its message {@code seq}, or gone
     * (expired; removed by this script).
     */
    record Entry(String instance, boolean live, long seq, List<String> users) {
    }

    /** Senders not heard from for this long are forgotten by the duplicate filter. */
    private static final long FORGET_SENDER_NANOS = Duration.ofMinutes(10).toNanos();

    private final RedisReactiveCommands<byte[], byte[]> redis;
    private final String instance;
    private final Duration ttl;
    /** Other instances' members, as last known. */
    private final Map<String, Set<String>> others = new LinkedHashMap<>();
    /** Per instance: the highest message sequence number taken, and when (nanoTime). */
    private final Map<String, long[]> taken = new HashMap<>();

    RedisPresence(RedisReactiveCommands<byte[], byte[]> redis, String instance, Duration ttl) {
        this.redis = redis;
        this.instance = instance;
        this.ttl = ttl;
    }

    Duration heartbeat() {
        return ttl.dividedBy(5);
    }

    /** Writes this instance's members as of its message {@code seq}, returns every other instance's. */
    Mono<List<Entry>> beat(List<String> localUsers, long seq) {
        byte[][] args = new byte[4 + localUsers.size()][];
        args[0] = bytes(INSTANCE_PREFIX);
        args[1] = bytes(instance);
        args[2] = bytes(Long.toString(ttl.toMillis()));
        args[3] = bytes(Long.toString(seq));
        for (int i = 0; i < localUsers.size(); i++) {
            args[4 + i] = bytes(localUsers.get(i));
        }
        return redis.<Object>eval(HEARTBEAT, ScriptOutputType.MULTI, new byte[][] {bytes(INSTANCES)}, args)
                .collectList()
                .map(RedisPresence::parse);
    }

    /** Takes this instance out of Redis at once (a graceful stop), instead of waiting for the expiry. */
    Mono<Void> remove() {
        return redis.del(bytes(INSTANCE_PREFIX + instance))
                .then(redis.srem(bytes(INSTANCES), bytes(instance)))
                .then();
    }

    private static List<Entry> parse(List<Object> result) {
        // Lettuce emits the script's reply as one list of rows (older versions: the rows one by one).
        List<?> rows = result;
        while (rows.size() == 1 && rows.get(0) instanceof List<?> inner
                && (inner.isEmpty() || inner.get(0) instanceof List<?>)) {
            rows = inner;
        }
        List<Entry> entries = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (row instanceof List<?> cells && cells.size() >= 3) {
                List<String> users = new ArrayList<>(cells.size() - 3);
                for (Object u : cells.subList(3, cells.size())) {
                    users.add(string(u));
                }
                long seq;
                try {
                    seq = Long.parseLong(string(cells.get(2)));
                } catch (NumberFormatException e) {
                    seq = 0;
                }
                entries.add(new Entry(string(cells.get(0)), string(cells.get(1)).equals("live"), seq, users));
            }
        }
        return entries;
    }

    // ---- the view (under the room's lock)

    /**
     * The duplicate filter: true if {@code seq} is above every sequence number taken from
     * {@code from} so far (then it is taken), false for a message seen before (a replay).
     */
    boolean take(String from, long seq) {
        long now = System.nanoTime();
        long[] last = taken.computeIfAbsent(from, k -> new long[] {0, now});
        if (seq <= last[0]) {
            return false;
        }
        last[0] = seq;
        last[1] = now;
        return true;
    }

    /** The highest sequence number taken from each instance (to pass back to {@link #apply}). */
    Map<String, Long> taken() {
        Map<String, Long> copy = new HashMap<>();
        taken.forEach((id, t) -> copy.put(id, t[0]));
        return copy;
    }

    void joined(String from, String user) {
        others.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(user);
    }

    void left(String from, String user) {
        Set<String> users = others.get(from);
        if (users != null) {
            users.remove(user);
        }
    }

    /** Drops an instance from the view; returns the users it had. */
    Set<String> forget(String gone) {
        Set<String> users = others.remove(gone);
        return users != null ? users : Set.of();
    }

    /**
     * Applies a snapshot requested when {@link #taken()} was {@code before}; returns the instances
     * that this instance's script found expired, with the users this view had for them (to announce).
     */
    Map<String, Set<String>> apply(List<Entry> snapshot, Map<String, Long> before) {
        Map<String, Set<String>> gone = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Entry e : snapshot) {
            seen.add(e.instance());
            if (!e.live()) {
                gone.put(e.instance(), forget(e.instance()));
            } else if (e.seq() >= seq(e.instance())) {
                others.put(e.instance(), new LinkedHashSet<>(e.users()));
            }
        }
        // Not in the snapshot: expired and removed by another instance's script (which announces it),
        // unless we heard from it since the script ran.
        others.keySet().removeIf(id -> !seen.contains(id) && seq(id) == before.getOrDefault(id, 0L));
        long now = System.nanoTime();
        taken.entrySet().removeIf(t -> !others.containsKey(t.getKey()) && now - t.getValue()[1] > FORGET_SENDER_NANOS);
        return gone;
    }

    private long seq(String id) {
        long[] t = taken.get(id);
        return t != null ? t[0] : 0;
    }

    /** The members of the other instances. */
    List<String> users() {
        List<String> all = new ArrayList<>();
        others.values().forEach(all::addAll);
        return all;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
