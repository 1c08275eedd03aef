package io.reactivenet.ipc;

import io.reactivenet.ListeningServer;
import java.time.Duration;

/** Child JVM for the stale-file test: listens on args[0], prints LISTENING, waits to be killed. */
public final class StaleServerMain {
    private StaleServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ListeningServer server = Ipc.createServer(s -> s.send(s.inbound())).listen(args[0]).block(Duration.ofSeconds(30));
        System.out.println("LISTENING " + server.path());
        System.out.flush();
        // Killed with SIGKILL by the test; stdin closing (parent died) also ends us, without cleanup.
        while (System.in.read() >= 0) {
            // wait
        }
        Runtime.getRuntime().halt(3);
    }
}
