package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.framing.Framing;
import io.reactivenet.framing.Truncation;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.chaos.ChaosCase;
import io.reactivenet.testing.chaos.ChaosProxy;
import io.reactivenet.testing.chaos.Cut;
import io.reactivenet.testing.chaos.FaultMix;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

/**
 * The chat contract through the chaos proxy, over the twenty seeded mixes, with the sample's chat
 * server in-process: every user's connection gets its own seeded faults, and every user gets every
 * other user's lines once, in the sender's order. In a destructive mix one more user (the victim)
 * has its connection half-closed or reset at a random byte: the others get a prefix of its lines, in
 * order (the last one possibly cut short: the server counts a last line without its newline), and
 * still every line of everyone else.
 */
class ChatChaosIT {

    static final Duration T = Duration.ofSeconds(30);
    static final int USERS = 3;
    static final int LINES = 40;
    /** "127.0.0.1:port: u<user> <seq> <text>" */
    static final Pattern SAID = Pattern.compile("127\\.0\\.0\\.1:(\\d+): u(\\d+) (\\d+) (.*)");

    /** One chat user: what it sends and the lines it gets. */
    static final class User {
        final int index;
        final NetSocket socket;
        final List<String> lines = new ArrayList<>();
        final List<String> heard = new CopyOnWriteArrayList<>();

        User(int index, NetSocket socket, SplittableRandom r) {
            this.index = index;
            this.socket = socket;
            for (int i = 0; i < LINES; i++) {
                StringBuilder text = new StringBuilder();
                for (int j = r.nextInt(0, 100); j > 0; j--) {
                    text.append((char) r.nextInt(' ', '~' + 1));
                }
                lines.add("u" + index + " " + i + " " + text);
            }
            socket.inbound()
                    .transform(Framing.lines(8192).withTruncation(Truncation.ALLOW).decoder())
                    .map(Bytes::utf8)
                    .subscribe(heard::add, e -> { }, () -> { });
        }

        /** The lines from user {@code from}, as "u<from> <seq> <text>", checking the server's id matches the proxy's port for it. */
        List<String> from(int from, Map<Integer, Integer> userOfUpstreamPort) {
            List<String> out = new ArrayList<>();
            for (String l : heard) {
                Matcher m = SAID.matcher(l);
                if (m.matches() && Integer.parseInt(m.group(2)) == from) {
                    Integer owner = userOfUpstreamPort.get(Integer.parseInt(m.group(1)));
                    assertThat(owner).as("line %s is attributed to the connection of its sender", l).isEqualTo(from);
                    out.add(l.substring(l.indexOf(": u") + 2));
                }
            }
            return out;
        }

        void send() {
            socket.send(Flux.fromIterable(lines).map(l -> Bytes.utf8(l + (index % 2 == 0 ? "\n" : "\r\n"))))
                    .subscribe(null, e -> { });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.reactivenet.testing.chaos.ChaosCase#twenty")
    void everyLineOnceInSenderOrderThroughChaos(ChaosCase c) {
        long bytes = LINES * 60L;
        int victim = c.destructive() ? USERS : -1;
        Room room = new LocalRoom(100);
        ListeningServer server = Net.createServer(s -> ChatServer.session(room, s, Duration.ZERO))
                .listen(0, "127.0.0.1").block(T);
        List<User> users = new ArrayList<>();
        try (ChaosProxy proxy = ChaosProxy.start(new InetSocketAddress("127.0.0.1", server.address().port()),
                n -> n == victim ? c.mix(n, bytes) : FaultMix.random(FaultMix.derive(c.seed(), n), Cut.NONE, bytes))) {
            SplittableRandom r = new SplittableRandom(c.seed());
            int all = victim >= 0 ? USERS + 1 : USERS;
            for (int i = 0; i < all; i++) {
                User u = new User(i, Net.connect(proxy.port(), "127.0.0.1").block(T), r.split());
                users.add(u);
                boolean isVictim = i == victim;
                // Everyone is in the room before anyone speaks (the victim may be cut before its welcome).
                Await.until("user " + i + "'s welcome\n" + proxy.describe(), T, () -> u.heard.stream()
                        .anyMatch(l -> l.startsWith("Welcome")) || (isVictim && u.socket.destroyed()));
            }
            Map<Integer, Integer> userOf = new ConcurrentHashMap<>();
            for (User u : users) {
                userOf.put(proxy.upstreamPortOf(u.socket.localPort()), u.index);
            }
            users.forEach(User::send);
            if (victim >= 0) {
                // The victim closes when its stream ends, so that nothing waits on it.
                users.get(victim).socket.inbound().subscribe(null, e -> { }, () -> { });
                users.get(victim).socket.onClose().subscribe();
            }
            List<User> survivors = users.stream().filter(u -> u.index != victim).toList();
            try {
                Await.until("every survivor's lines at every other survivor", T, () -> survivors.stream().allMatch(
                        to -> survivors.stream().allMatch(from -> from == to || to.from(from.index, userOf).size() >= LINES)));
            } catch (AssertionError e) {
                throw new AssertionError(c + ": " + e.getMessage() + "\n" + state(users, userOf) + "\n" + proxy.describe(), e);
            }
            String why = c + "\n" + state(users, userOf) + "\n" + proxy.describe();
            System.out.println("chat " + why);
            for (User to : survivors) {
                assertThat(to.from(to.index, userOf)).as("no echo of one's own lines: " + why).isEmpty();
                for (User from : users) {
                    if (from == to) {
                        continue;
                    }
                    List<String> got = to.from(from.index, userOf);
                    if (from.index != victim) {
                        assertThat(got).as("user %d hears user %d's lines once, in order: %s", to.index, from.index, why)
                                .isEqualTo(from.lines);
                    } else {
                        assertThat(got.size()).as(why).isLessThanOrEqualTo(LINES);
                        for (int i = 0; i < got.size(); i++) {
                            String expected = from.lines.get(i);
                            if (i < got.size() - 1) {
                                assertThat(got.get(i)).as("victim line %d at user %d: %s", i, to.index, why).isEqualTo(expected);
                            } else {
                                assertThat(expected).as("victim's last line at user %d (maybe cut short): %s", to.index, why)
                                        .startsWith(got.get(i));
                            }
                        }
                    }
                }
            }
        } finally {
            users.forEach(u -> u.socket.destroy());
            server.closeNow().block(T);
        }
    }

    private static String state(List<User> users, Map<Integer, Integer> userOf) {
        return users.stream().map(to -> "user " + to.index + " heard " + users.stream()
                        .filter(from -> from != to)
                        .map(from -> from.index + ":" + to.from(from.index, userOf).size())
                        .collect(Collectors.joining(", ")) + " (" + to.heard.size() + " lines)")
                .collect(Collectors.joining("; "));
    }
}
