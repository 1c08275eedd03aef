package io.reactivenet.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListeningServer;
import io.reactivenet.spring.boot.NetServerHandler;
import io.reactivenet.spring.boot.ReactiveNetServerLifecycle;
import io.reactivenet.testing.Await;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Graceful shutdown in Spring's phase: closing the context stops accepting at once, lets an open
 * transfer finish, and destroys a connection still open at the drain timeout, all within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
class ReactiveNetServerShutdownTest {

    private static final Duration PHASE = Duration.ofSeconds(2);
    /** What the drain timeout is for a 2 s phase: the phase less a tenth. */
    private static final Duration DRAIN = Duration.ofMillis(1800);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class,
                    ReactiveNetServerAutoConfiguration.class))
            .withUserConfiguration(Echo.class)
            .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1",
                    "spring.lifecycle.timeout-per-shutdown-phase=" + PHASE.toMillis() + "ms");

    @Configuration(proxyBeanMethods = false)
    static class Echo {
        @Bean
        NetServerHandler echo() {
            return socket -> socket.send(socket.inbound());
        }
    }

    @Test
    void aTransferInProgressFinishesAndNewConnectionsAreRefused() {
        runner.run(context -> {
            ReactiveNetServerLifecycle lifecycle = context.getBean(ReactiveNetServerLifecycle.class);
            assertThat(lifecycle.drainTimeout()).isEqualTo(DRAIN);
            ListeningServer server = lifecycle.server();
            int port = server.address().port();
            byte[] payload = new byte[256 * 1024];
            Arrays.fill(payload, (byte) 'x');
            try (Socket client = connect(port)) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                // First half through the echo, then the context starts closing mid-transfer.
                client.getOutputStream().write(payload, 0, payload.length / 2);
                byte[] echoed = new byte[payload.length];
                in.readFully(echoed, 0, payload.length / 2);

                long start = System.nanoTime();
                CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
                Await.until("new connections are refused", Duration.ofSeconds(5), () -> refused(port));
                assertThat(server.isListening()).isFalse();

                client.getOutputStream().write(payload, payload.length / 2, payload.length / 2);
                client.shutdownOutput();
                in.readFully(echoed, payload.length / 2, payload.length / 2);
                assertThat(in.read()).isEqualTo(-1);
                assertThat(echoed).isEqualTo(payload);

                closing.get(PHASE.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DRAIN);
                assertThat(server.onClose().block(Duration.ofSeconds(1))).isNull();
            }
        });
    }

    @Test
    void aStuckConnectionIsDestroyedAtTheDrainTimeout() {
        runner.run(context -> {
            ListeningServer server = context.getBean(ReactiveNetServerLifecycle.class).server();
            try (Socket stuck = connect(server.address().port())) {
                Await.until("the server has the connection", Duration.ofSeconds(5),
                        () -> server.connectionCount() == 1);
                long start = System.nanoTime();
                context.close();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).isGreaterThanOrEqualTo(DRAIN).isLessThan(PHASE.plusSeconds(1));
                assertThat(server.connectionCount()).isZero();
                assertThat(readEndOrReset(stuck.getInputStream())).isTrue();
            }
        });
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** True when a connection to {@code port} is refused; a connection that got through is closed at once. */
    private static boolean refused(int port) {
        try (Socket probe = connect(port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the peer ended or reset the connection (nothing was ever echoed). */
    private static boolean readEndOrReset(InputStream in) {
        try {
            return in.read() == -1;
        } catch (IOException reset) {
            return true;
        }
    }
}
