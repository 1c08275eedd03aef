package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.internal.ProcessRef;
import io.reactivenet.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Node's ref()/unref(): a listening server, and a connected client socket, keep the JVM alive
 * unless they are unref'd.
 */
class RefIT {

    private static final Duration T = Duration.ofSeconds(10);

    /**
     * Run in a child JVM: listens, prints the port, then returns from main; or, with
     * {@code client-ref PORT} / {@code client-unref PORT}, connects to a server of the test, prints
     * "connected" and returns from main with that socket open as its only handle.
     */
    public static void main(String[] args) {
        if (args[0].startsWith("client-")) {
            NetSocket socket = Net.connect(ConnectOptions.to("127.0.0.1", Integer.parseInt(args[1]))).block(T);
            if (args[0].equals("client-unref")) {
                socket.unref().unref(); // idempotent
            } else {
                socket.unref().ref().ref(); // back to ref'd, and ref twice is one ref
            }
            System.out.println("connected " + socket.localPort());
            System.out.flush();
            return;
        }
        ListeningServer server = Net.createServer(s -> Mono.empty()).listen(0, "127.0.0.1").block(Duration.ofSeconds(10));
        if (args[0].equals("unref")) {
            server.unref();
        }
        System.out.println("listening " + server.address().port());
        System.out.flush();
    }

    static Process child(String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", cp, RefIT.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static String firstLine(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return r.readLine();
    }

    @Test
    void anUnrefdServerLetsTheJvmExit() throws Exception {
        Process p = child("unref");
        try {
            assertThat(firstLine(p)).startsWith("listening");
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the JVM exits by itself").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aRefdServerKeepsTheJvmAlive() throws Exception {
        Process p = child("ref");
        try {
            assertThat(firstLine(p)).startsWith("listening");
            // main has returned; only the server's keep-alive thread holds the JVM.
            assertThat(p.waitFor(2, TimeUnit.SECONDS)).as("the JVM is still running").isFalse();
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A server that keeps every accepted socket open until its peer goes away. */
    static ListeningServer holdingServer(AtomicInteger accepted) {
        return Net.createServer(s -> {
            accepted.incrementAndGet();
            return s.inbound().then();
        }).listen(0, "127.0.0.1").block(T);
    }

    @Test
    void aJvmWhoseOnlyHandleIsAnUnrefdClientSocketExits() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        ListeningServer server = holdingServer(accepted);
        Process p = child("client-unref", String.valueOf(server.address().port()));
        try {
            assertThat(firstLine(p)).startsWith("connected");
            Await.until("the server accepted the child's socket", T, () -> accepted.get() == 1);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the JVM exits by itself").isTrue();
            assertThat(p.exitValue()).isZero();
            Await.until("the child's socket closed with its JVM", T, () -> server.connectionCount() == 0);
        } finally {
            p.destroyForcibly();
            server.closeNow().block(T);
        }
    }

    @Test
    void aRefdClientSocketKeepsTheJvmAlive() throws Exception {
        ListeningServer server = holdingServer(new AtomicInteger());
        Process p = child("client-ref", String.valueOf(server.address().port()));
        try {
            assertThat(firstLine(p)).startsWith("connected");
            assertThat(p.waitFor(2, TimeUnit.SECONDS)).as("the JVM is still running").isFalse();
            assertThat(server.connectionCount()).isEqualTo(1);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            server.closeNow().block(T);
        }
    }

    @Test
    void refAndUnrefAreIdempotentChainableAndNothingOnceClosed() {
        ListeningServer server = holdingServer(new AtomicInteger());
        try {
            int before = ProcessRef.refs();
            NetSocket socket = Net.connect(ConnectOptions.to("127.0.0.1", server.address().port())).block(T);
            assertThat(ProcessRef.refs()).as("a client socket starts ref'd").isEqualTo(before + 1);
            assertThat(socket.unref()).isSameAs(socket);
            socket.unref();
            assertThat(ProcessRef.refs()).isEqualTo(before);
            assertThat(socket.ref().ref()).isSameAs(socket);
            assertThat(ProcessRef.refs()).isEqualTo(before + 1);
            socket.destroy();
            socket.onClose().block(T);
            assertThat(ProcessRef.refs()).as("the close gives the ref back").isEqualTo(before);
            socket.unref().ref().unref().ref();
            assertThat(ProcessRef.refs()).as("ref/unref of a closed socket do nothing").isEqualTo(before);
        } finally {
            server.closeNow().block(T);
        }
    }
}
