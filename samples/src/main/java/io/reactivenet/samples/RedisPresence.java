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
 * other instances see that at their next heartbeat: its users leave every user list within
 * <b>ttl + 2 heartbeats</b> (7 s with the default 5 s ttl; the second heartbeat covers a script that
 * is late, and delivery). Redis's own clock does the expiry: the instances' clocks do not matter.
 * (The script touches keys it computes, which a standalone Redis allows; Redis Cluster would need
 * the keys in one hash slot.)
 *
 * <p>The view: between heartbeats it follows the JOIN/LEAVE messages of the room's channel, so a
 * welcome count or a user list is current to the pub/sub latency, not to the heartbeat. A snapshot
 * replaces an instance's entry only if no notice from that instance arrived while the script ran.
 *
 * <p>Threading: the view's methods are called under the room's lock; {@link #beat} and
 * {@link #remove} only build commands and touch no state.
 */
final class RedisPresence {

    static final String INSTANCES = "chat:instances";
    static final String INSTANCE_PREFIX = "chat:instance:";

    /** KEYS[1]: the instances; ARGV: hash prefix, this instance, ttl ms, then its members. */
    private static final String HEARTBEAT = """
            local mine = ARGV[1] .. ARGV[2]
            redis.call('DEL', mine)
            redis.call('HSET', mine, '.', '')
            for i = 4, #ARGV do redis.call('HSET', mine, ARGV[i], '') end
            redis.call('PEXPIRE', mine, ARGV[3])
            redis.call('SADD', KEYS[1], ARGV[2])
            local out = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if id ~= ARGV[2] then
                local users = redis.call('HKEYS', ARGV[1] .. id)
                if #users == 0 then
                  redis.call('SREM', KEYS[1], id)
                  table.insert(out, {id, 'gone'})
                else
                  local entry = {id, 'live'}
                  for _, u in ipairs(users) do
                    if u ~= '.' then table.insert(entry, u) end
                  end
                  table.insert(out, entry)
                end
              end
            end
            return out
            """;

    /** One instance in a snapshot: live with these users, or gone (expired; removed by this script). */
    record Entry(String instance, boolean live, List<String> users) {
    }

    private final RedisReactiveCommands<byte[], byte[]> redis;
    private final String instance;
    private final Duration ttl;
    /** Other instances' members, as last known. */
    private final Map<String, Set<String>> others = new LinkedHashMap<>();
    /** Per instance: how many notices changed its entry (a snapshot older than a notice must not undo it). */
    private final Map<String, Long> versions = new HashMap<>();

    RedisPresence(RedisReactiveCommands<byte[], byte[]> redis, String instance, Duration ttl) {
        this.redis = redis;
        this.instance = instance;
        this.ttl = ttl;
    }

    Duration heartbeat() {
        return ttl.dividedBy(5);
    }

    /** Writes this instance's members, returns every other instance's. */
    Mono<List<Entry>> beat(List<String> localUsers) {
        byte[][] args = new byte[3 + localUsers.size()][];
        args[0] = bytes(INSTANCE_PREFIX);
        args[1] = bytes(instance);
        args[2] = bytes(Long.toString(ttl.toMillis()));
        for (int i = 0; i < localUsers.size(); i++) {
            args[3 + i] = bytes(localUsers.get(i));
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

    private static List<Entry> parse(List<Object> rows) {
        List<Entry> entries = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (row instanceof List<?> cells && cells.size() >= 2) {
                List<String> users = new ArrayList<>(cells.size() - 2);
                for (Object u : cells.subList(2, cells.size())) {
                    users.add(string(u));
                }
                entries.add(new Entry(string(cells.get(0)), string(cells.get(1)).equals("live"), users));
            }
        }
        return entries;
    }

    // ---- the view (under the room's lock)

    Map<String, Long> versions() {
        return new HashMap<>(versions);
    }

    void joined(String from, String user) {
        others.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(user);
        versions.merge(from, 1L, Long::sum);
    }

    void left(String from, String user) {
        Set<String> users = others.get(from);
        if (users != null) {
            users.remove(user);
        }
        versions.merge(from, 1L, Long::sum);
    }

    /** Drops an instance from the view; returns the users it had. */
    Set<String> forget(String gone) {
        versions.remove(gone);
        Set<String> users = others.remove(gone);
        return users != null ? users : Set.of();
    }

    /**
     * Applies a snapshot taken when the versions were {@code before}; returns the instances that
     * this instance's script found expired, with the users this view had for them (to announce).
     */
    Map<String, Set<String>> apply(List<Entry> snapshot, Map<String, Long> before) {
        Map<String, Set<String>> gone = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Entry e : snapshot) {
            seen.add(e.instance());
            if (!e.live()) {
                gone.put(e.instance(), forget(e.instance()));
            } else if (unchanged(e.instance(), before)) {
                others.put(e.instance(), new LinkedHashSet<>(e.users()));
            }
        }
        // Not in the snapshot: expired and removed by another instance's script (which announces it).
        others.keySet().removeIf(id -> !seen.contains(id) && unchanged(id, before));
        versions.keySet().removeIf(id -> !others.containsKey(id));
        return gone;
    }

    private boolean unchanged(String id, Map<String, Long> before) {
        return versions.getOrDefault(id, 0L).equals(before.getOrDefault(id, 0L));
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
