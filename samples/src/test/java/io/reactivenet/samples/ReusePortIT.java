package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, acceptance 1: three chat-server processes listen on one port with {@code --reuse-port};
 * the kernel spreads 300 connections over all three; killing one leaves the other two serving;
 * without it the second bind fails with EADDRINUSE. Each process has its own in-process room, so
 * {@code /users} on a connection names exactly the connections its process holds.
 */
class ReusePortIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration LINE = Duration.ofSeconds(15);
    private static final String WELCOME = "Welcome to the chat server!";

    @Test
    void threeProcessesShareOnePortAndSurviveTheLossOfOne() throws Exception {
        int port = freePort();
        String p = Integer.toString(port);
        try (Proc a = chat(p, "--reuse-port");
             Proc b = chat(p, "--reuse-port");
             Proc c = chat(p, "--reuse-port")) {
            for (Proc x : List.of(a, b, c)) {
                assertThat(x.listening(START)).endsWith(":" + port);
            }
            List<ChatUser> users = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    ChatUser u = new ChatUser(port);
                    users.add(u);
                    u.awaitStart(WELCOME, LINE);
                }
                // Each process's /users lists its own members: group the 300 connections by process.
                Map<String, Integer> perProcess = new HashMap<>();
                for (ChatUser u : users) {
                    List<String> room = u.users(LINE);
                    assertThat(room).contains(u.id);
                    perProcess.merge(String.join(",", room.stream().sorted().toList()), 1, Integer::sum);
                }
                System.out.println("reusePort: 300 connections per process: " + perProcess.values());
                assertThat(perProcess).hasSize(3);
                assertThat(perProcess.values()).allMatch(n -> n > 0);
                perProcess.forEach((room, n) -> assertThat(room.split(",")).hasSize(n));
            } finally {
                for (ChatUser u : users) {
                    u.close();
                }
            }

            a.close(); // killed: its listening socket leaves the port's group
            assertThat(a.waitFor(LINE)).isNotZero();
            for (int i = 0; i < 30; i++) {
                try (ChatUser u = new ChatUser(port)) {
                    u.awaitStart(WELCOME, LINE);
                }
            }
            assertThat(b.alive()).isTrue();
            assertThat(c.alive()).isTrue();
        }
    }

    @Test
    void withoutReusePortTheSecondBindFailsWithEaddrinuse() {
        int port = freePort();
        String p = Integer.toString(port);
        try (Proc first = chat(p)) {
            assertThat(first.listening(START)).endsWith(":" + port);
            try (Proc second = chat(p)) { // started only once the first is bound
                assertThat(second.waitFor(START)).isNotZero();
                assertThat(second.stderr()).contains("EADDRINUSE");
            }
            assertThat(first.alive()).isTrue();
        }
    }

    private static Proc chat(String port, String... more) {
        List<String> args = new ArrayList<>(List.of("chat-server", "--port", port));
        args.addAll(List.of(more));
        return Proc.jar(args.toArray(String[]::new));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
