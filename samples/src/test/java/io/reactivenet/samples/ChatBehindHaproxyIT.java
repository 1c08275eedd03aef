package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.testing.HaProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, acceptance 3: three chat-server processes ({@code --redis}, {@code --proxy-protocol on})
 * behind one real haproxy, round-robin with {@code send-proxy-v2}, and a real redis-server. The 60
 * node clients connect to haproxy only, from 127.0.0.2-4; every client gets every other client's
 * lines once, in order, and every join notice names a client's real address and port (which only
 * the PROXY header carries: the servers' TCP peer is haproxy at 127.0.0.1).
 */
class ChatBehindHaproxyIT {

    private static final Duration START = Duration.ofSeconds(90);

    private static Path redisBinary;
    private static Path haproxyBinary;

    @TempDir
    Path dir;

    @BeforeAll
    static void serversAreInstalled() {
        redisBinary = RedisServer.binary().orElse(null);
        haproxyBinary = HaProxy.binary().orElse(null);
        Assumptions.assumeTrue(redisBinary != null && haproxyBinary != null,
                "redis-server and haproxy are not installed (bash .ci/run installs them)");
    }

    @Test
    void sixtyClientsThroughHaproxyGetEveryOtherClientsLinesOnceInOrderAndJoinsNameRealAddresses() {
        try (RedisServer redis = RedisServer.start(redisBinary, dir);
             Proc a = chat(redis);
             Proc b = chat(redis);
             Proc c = chat(redis)) {
            List<String> servers = List.of("127.0.0.1:" + port(a), "127.0.0.1:" + port(b), "127.0.0.1:" + port(c));
            try (HaProxy lb = HaProxy.start(haproxyBinary, dir, HaProxy.Send.V2, servers);
                 Proc swarm = Proc.node("/node/chat-across.js", Integer.toString(lb.port()), "60", "20")) {
                String result = swarm.nextLine(Duration.ofSeconds(110));
                assertThat(result).as(swarm.stderr() + lb.log()).contains("\"ok\":true", "\"received\":70800",
                        "\"witnessJoins\":60");
                assertThat(swarm.waitFor(Duration.ofSeconds(15))).isZero();
            }
        }
    }

    private static Proc chat(RedisServer redis) {
        return Proc.jar("chat-server", "--port", "0", "--redis", redis.url(), "--proxy-protocol", "on");
    }

    private static int port(Proc server) {
        String where = server.listening(START);
        return Integer.parseInt(where.substring(where.lastIndexOf(':') + 1));
    }
}
