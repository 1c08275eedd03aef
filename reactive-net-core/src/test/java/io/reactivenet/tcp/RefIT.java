package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Node's ref()/unref(): a listening server keeps the JVM alive unless it is unref'd. */
class RefIT {

    /** Run in a child JVM: listens, prints the port, then returns from main. */
    public static void main(String[] args) {
        ListeningServer server = Net.createServer(s -> Mono.empty()).listen(0, "127.0.0.1").block(Duration.ofSeconds(10));
        if (args[0].equals("unref")) {
            server.unref();
        }
        System.out.println("listening " + server.address().port());
        System.out.flush();
    }

    static Process child(String mode) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(List.of(java.toString(), "-cp", cp, RefIT.class.getName(), mode))
                .redirectErrorStream(true).start();
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
}
