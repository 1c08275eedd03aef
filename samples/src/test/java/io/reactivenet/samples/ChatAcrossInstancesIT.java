package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One chat room shared by several chat-server processes ({@code --redis}) through a real
 * {@code redis-server} that the test starts on a free port. The instances are reached directly,
 * one subset of the clients each.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ChatAcrossInstancesIT {

    /** Starting a JVM that connects to Redis can take long on a loaded 2-core machine. */
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration LINE = Duration.ofSeconds(15);
    /** The documented bound for a killed instance's users to leave the user list: ttl + 3 heartbeats. */
    private static final Duration PRESENCE_BOUND = Duration.ofSeconds(8);

    private static Path redisBinary;

    @TempDir
    Path dir;

    @BeforeAll
    static void redisIsInstalled() {
        var binary = RedisServer.binary();
        Assumptions.assumeTrue(binary.isPresent(),
                "redis-server is not installed (bash .ci/run installs it: apt-get install -y redis-server)");
        redisBinary = binary.get();
    }

    /** Acceptance 3: 3 instances, 60 node clients x 20 lines: every line to everyone else once, in order. */
    @Test
    void sixtyClientsOnThreeInstancesEachGetEveryOtherClientsLinesOnceInOrder() {
        try (RedisServer redis = RedisServer.start(redisBinary, dir);
             Proc a = chat(redis);
             Proc b = chat(redis);
             Proc c = chat(redis)) {
            String ports = port(a) + "," + port(b) + "," + port(c);
            try (Proc swarm = Proc.node("/node/chat-across.js", ports, "60", "20")) {
                String result = swarm.nextLine(Duration.ofSeconds(110));
                assertThat(result).as(swarm.stderr()).contains("\"ok\":true", "\"received\":70800",
                        "\"witnessJoins\":60");
                assertThat(swarm.waitFor(LINE)).isZero();
            }
        }
    }

    /**
     * Acceptance 4: Redis is killed mid-chat and started again. Local delivery never stops;
     * cross-instance delivery resumes within 5 s of Redis being back; no error reaches a client.
     */
    @Test
    void redisRestartMidChat() throws Exception {
        try (RedisServer redis = RedisServer.start(redisBinary, dir);
             Proc a = chat(redis);
             Proc b = chat(redis)) {
            int pa = port(a);
            int pb = port(b);
            // One after the other: the talker is in the room before the remote user joins, so it hears of it.
            try (ChatUser talker = joined(pa);
                 ChatUser local = joined(pa);
                 ChatUser remote = joined(pb)) {
                talker.await(l -> l.equals("User " + remote.id + " joined the chat."), LINE);

                // The talker says "tick i" every 50 ms, and the remote user "tock i", until told to stop.
                List<Long> tickSent = new ArrayList<>();
                List<Long> tockSent = new ArrayList<>();
                AtomicBoolean stop = new AtomicBoolean();
                Thread ticking = pace(talker, "tick", tickSent, stop);
                Thread tocking = pace(remote, "tock", tockSent, stop);
                remote.await(l -> l.startsWith(talker.id + ": tick "), LINE);
                talker.await(l -> l.startsWith(remote.id + ": tock "), LINE);

                redis.kill();
                long killedAt = System.nanoTime();
                awaitStderr(a, "redis: lost the connection", LINE);
                Thread.sleep(5000);     // pacing: the outage lasts 5 s while everyone keeps talking
                long restartAt = System.nanoTime();
                redis.restart();
                long backAt = System.nanoTime();
                // Cross-instance delivery resumes, both ways, within 5 s of Redis being back.
                int tickAtBack = size(tickSent);
                int tockAtBack = size(tockSent);
                remote.await(l -> seq(l, talker.id + ": tick ") >= tickAtBack, Duration.ofSeconds(20));
                long tickResumed = System.nanoTime() - backAt;
                talker.await(l -> seq(l, remote.id + ": tock ") >= tockAtBack, Duration.ofSeconds(20));
                long tockResumed = System.nanoTime() - backAt;
                Thread.sleep(500);      // pacing: a little more chat after the recovery
                stop.set(true);
                ticking.join();
                tocking.join();
                int ticks = size(tickSent);
                local.await(l -> l.equals(talker.id + ": tick " + (ticks - 1)), LINE);

                System.out.printf("redis restart: cross-instance delivery resumed %d ms (tick) and %d ms (tock)"
                        + " after redis was back%n", tickResumed / 1_000_000, tockResumed / 1_000_000);
                assertThat(Duration.ofNanos(tickResumed)).isLessThanOrEqualTo(Duration.ofSeconds(5));
                assertThat(Duration.ofNanos(tockResumed)).isLessThanOrEqualTo(Duration.ofSeconds(5));

                // Local delivery never stopped: the local user got every tick, once, in order, and
                // the ticks said during the outage arrived during the outage.
                List<ChatUser.Heard> got = local.heard.stream()
                        .filter(h -> h.line().startsWith(talker.id + ": tick ")).toList();
                assertThat(got).extracting(h -> seq(h.line(), talker.id + ": tick "))
                        .containsExactlyElementsOf(range(ticks));
                for (int i = 0; i < ticks; i++) {
                    long sent = tickSent.get(i);
                    if (sent > killedAt && sent < restartAt - Duration.ofSeconds(2).toNanos()) {
                        assertThat(got.get(i).at()).as("tick %d, said during the outage, heard before redis came back", i)
                                .isLessThan(restartAt);
                    }
                }
                // Across instances: in order, never twice (some lines of the outage are lost: at-most-once).
                assertStrictlyIncreasing(remote, talker.id + ": tick ");
                assertStrictlyIncreasing(talker, remote.id + ": tock ");
                // No error reached anyone: only the room's lines, notices and welcomes.
                for (ChatUser u : List.of(talker, local, remote)) {
                    assertThat(u.ended).as(u.id + " still connected").isFalse();
                    assertThat(u.lines()).allMatch(l -> l.matches("(127\\.0\\.0\\.1:\\d+: t[io]ck \\d+)"
                            + "|(User 127\\.0\\.0\\.1:\\d+ (joined|left) the chat\\.)"
                            + "|(Welcome to the chat server! There are \\d+ users online\\.)"), "only chat lines");
                }
                assertThat(a.stderr()).contains("redis: lost the connection", "redis: connected");
            }
        }
    }

    /**
     * A stalled Redis (SIGSTOP: connected, answering nothing) never blocks local delivery: far more
     * lines than the bounded publish queue holds are said, the local user gets them all at once,
     * the instance logs what it could not share; once Redis answers again, sharing resumes.
     */
    @Test
    void aStalledRedisNeverBlocksLocalDeliveryAndIsBounded() throws Exception {
        try (RedisServer redis = RedisServer.start(redisBinary, dir);
             Proc a = chat(redis);
             Proc b = chat(redis)) {
            int pa = port(a);
            int pb = port(b);
            // One after the other: the talker is in the room before the remote user joins, so it hears of it.
            try (ChatUser talker = joined(pa);
                 ChatUser local = joined(pa);
                 ChatUser remote = joined(pb)) {
                talker.await(l -> l.equals("User " + remote.id + " joined the chat."), LINE);

                redis.pause();
                try {
                    int lines = RedisPublisher.QUEUE_MESSAGES + 2 * RedisPublisher.IN_FLIGHT + 1000;
                    StringBuilder burst = new StringBuilder();
                    for (int i = 0; i < lines; i++) {
                        burst.append("stall ").append(i).append('\n');
                    }
                    talker.sendRaw(burst.toString());
                    local.await(l -> l.equals(talker.id + ": stall " + (lines - 1)), LINE);
                    assertThat(local.lines()).filteredOn(l -> l.startsWith(talker.id + ": stall "))
                            .as("every line, once, in order, while redis answers nothing").hasSize(lines);
                    awaitStderr(a, "(publish queue full)", LINE);
                    awaitStderr(a, "redis: no answer for over", LINE);
                } finally {
                    redis.resume();
                }
                // Redis answers again: what was queued is shared (in order, never twice), and new lines flow.
                awaitStderr(a, "redis: answers again", LINE);
                talker.send("after the stall");
                remote.await(l -> l.equals(talker.id + ": after the stall"), LINE);
                assertStrictlyIncreasing(remote, talker.id + ": stall ");
                assertThat(remote.ended).isFalse();
            }
        }
    }

    /**
     * Acceptance 5: kill -9 of an instance: its users leave the room-wide user list within the
     * documented bound; a SIGTERM'd instance's users leave at once.
     */
    @Test
    void aKilledInstancesUsersLeaveTheUserListWithinTheBound() throws Exception {
        try (RedisServer redis = RedisServer.start(redisBinary, dir);
             Proc a = chat(redis);
             Proc b = chat(redis);
             Proc c = chat(redis)) {
            int pa = port(a);
            int pb = port(b);
            int pc = port(c);
            try (ChatUser onA = new ChatUser(pa);
                 ChatUser onB = new ChatUser(pb);
                 ChatUser c1 = new ChatUser(pc);
                 ChatUser c2 = new ChatUser(pc)) {
                for (ChatUser u : List.of(onA, onB, c1, c2)) {
                    u.awaitStart("Welcome to the chat server!", LINE);
                }
                // The user list covers every instance (joins travel through Redis: wait for them).
                List<String> everyone = List.of(onA.id, onB.id, c1.id, c2.id);
                awaitUsers(onA, list -> list.containsAll(everyone), LINE);
                try (ChatUser late = new ChatUser(pa)) {
                    assertThat(late.awaitStart("Welcome", LINE))
                            .isEqualTo("Welcome to the chat server! There are 5 users online.");
                }

                c.close();          // kill -9
                long killedAt = System.nanoTime();
                awaitUsers(onA, list -> !list.contains(c1.id) && !list.contains(c2.id), Duration.ofSeconds(30));
                Duration gone = Duration.ofNanos(System.nanoTime() - killedAt);
                System.out.printf("killed instance: its users left the user list after %d ms%n", gone.toMillis());
                assertThat(gone).isLessThanOrEqualTo(PRESENCE_BOUND);
                assertThat(awaitUsers(onB, list -> !list.contains(c1.id), LINE)).contains(onA.id, onB.id);

                // Their departure was announced, once, on every instance.
                for (ChatUser u : List.of(onA, onB)) {
                    u.awaitHeard("User " + c1.id + " left the chat.", LINE);
                    u.awaitHeard("User " + c2.id + " left the chat.", LINE);
                    u.users(LINE);  // a round trip after the notices: a second one would be here by now
                    for (ChatUser dead : List.of(c1, c2)) {
                        assertThat(u.lines()).filteredOn(l -> l.equals("User " + dead.id + " left the chat."))
                                .hasSize(1);
                    }
                }

                // A graceful stop (SIGTERM) is announced at once, and exits within 5 s as without Redis.
                b.terminate();
                assertThat(b.waitFor(Duration.ofSeconds(5))).isZero();
                onA.awaitHeard("User " + onB.id + " left the chat.", LINE);
                assertThat(onA.users(LINE)).containsExactly(onA.id);
            }
        }
    }

    /** A user who connected and got the welcome line. */
    private static ChatUser joined(int port) throws java.io.IOException {
        ChatUser u = new ChatUser(port);
        u.awaitStart("Welcome to the chat server!", LINE);
        return u;
    }

    private Proc chat(RedisServer redis) {
        return Proc.jar("chat-server", "--port", "0", "--redis", redis.url());
    }

    private static int port(Proc server) {
        String where = server.listening(START);
        return Integer.parseInt(where.substring(where.lastIndexOf(':') + 1));
    }

    private static Thread pace(ChatUser who, String word, List<Long> sent, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                synchronized (sent) {
                    sent.add(System.nanoTime());
                }
                who.send(word + " " + i);
                try {
                    Thread.sleep(50);       // pacing the user, not waiting for an event
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "pace-" + word);
        t.start();
        return t;
    }

    private static int size(List<Long> sent) {
        synchronized (sent) {
            return sent.size();
        }
    }

    private static int seq(String line, String prefix) {
        return line.startsWith(prefix) ? Integer.parseInt(line.substring(prefix.length())) : -1;
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }

    private static void assertStrictlyIncreasing(ChatUser u, String prefix) {
        List<Integer> seqs = u.lines().stream().filter(l -> l.startsWith(prefix)).map(l -> seq(l, prefix)).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as(u.id + ": " + prefix + "in order, once").isGreaterThan(seqs.get(i - 1));
        }
    }

    private static void awaitStderr(Proc p, String text, Duration timeout) throws InterruptedException {
        try {
            io.reactivenet.testing.Await.until("stderr to contain " + text, timeout, () -> p.stderr().contains(text));
        } catch (AssertionError e) {
            throw new AssertionError("stderr still without " + text + ":\n" + p.stderr(), e);
        }
    }

    /** Asks for /users every 200 ms until the list satisfies {@code p}; returns it. */
    private static List<String> awaitUsers(ChatUser u, java.util.function.Predicate<List<String>> p, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> list = u.users(LINE);
        while (!p.test(list)) {
            assertThat(System.nanoTime()).as(u.id + ": user list still " + list).isLessThan(deadline);
            Thread.sleep(200);      // polling interval of the user, not a wait for an event
            list = u.users(LINE);
        }
        return list;
    }
}
