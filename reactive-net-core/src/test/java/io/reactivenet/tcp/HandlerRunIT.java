package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.CloseEvent;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.text.Text;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * How the server runs a connection's handler (HandlerRun): its publisher ending ends our side gently
 * (the peer reads what was written, then its end), its error or a throw destroys the socket with
 * that error, a null return is an error naming it, and closing the server cancels a handler still
 * running. Each case then serves the next connection.
 */
class HandlerRunIT {

    static final Duration T = Duration.ofSeconds(10);

    /** Runs {@code handler} on a server, connects once, and gives the server side's close event. */
    static CloseEvent serverSideClose(Function<NetSocket, Publisher<Void>> handler, String expectedReply) {
        ListeningServer server = Net.createServer(ServerOptions.defaults(), handler::apply)
                .listen(0, "127.0.0.1").block(T);
        try {
            Mono<CloseEvent> serverClose = server.events().ofType(ServerEvent.Connection.class).next()
                    .flatMap(c -> c.socket().onClose()).cache();
            serverClose.subscribe();
            NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(T);
            String reply = client.inbound().transform(Text.utf8()).reduce("", String::concat)
                    .onErrorResume(e -> Mono.just("<" + e.getMessage() + ">")).block(T);
            assertThat(reply).isEqualTo(expectedReply);
            CloseEvent closed = serverClose.block(T);
            // the server goes on serving
            NetSocket next = Net.connect(server.address().port(), "127.0.0.1").block(T);
            next.destroy();
            next.onClose().block(T);
            return closed;
        } finally {
            server.closeNow().block(T);
        }
    }

    @Test
    void aHandlerThatCompletesEndsTheSocketAfterItsWrites() {
        CloseEvent closed = serverSideClose(s -> s.write("bye\n"), "bye\n");
        assertThat(closed.hadError()).isFalse();
    }

    @Test
    void aHandlerThatFailsDestroysTheSocketWithItsError() {
        CloseEvent closed = serverSideClose(s -> Mono.error(new IllegalStateException("boom")), "");
        assertThat(closed.hadError()).isTrue();
        assertThat(closed.error()).hasMessage("boom");
    }

    @Test
    void aHandlerThatThrowsDestroysTheSocketWithWhatItThrew() {
        CloseEvent closed = serverSideClose(s -> {
            throw new IllegalArgumentException("thrown");
        }, "");
        assertThat(closed.error()).isInstanceOf(IllegalArgumentException.class).hasMessage("thrown");
    }

    @Test
    void aHandlerThatReturnsNullIsAnErrorNamingIt() {
        CloseEvent closed = serverSideClose(s -> null, "");
        assertThat(closed.error()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the connection handler returned null");
    }

    @Test
    void closingTheServerCancelsAHandlerStillRunning() {
        AtomicBoolean cancelled = new AtomicBoolean();
        ListeningServer server = Net.createServer(ServerOptions.defaults(),
                        s -> Flux.<Void>never().doOnCancel(() -> cancelled.set(true)))
                .listen(0, "127.0.0.1").block(T);
        NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(T);
        // the server has the connection once its handler runs: an echo cannot tell, so wait for the count
        StepVerifier.create(Flux.interval(Duration.ofMillis(10)).map(i -> server.connectionCount())
                        .filter(n -> n == 1).next())
                .expectNext(1).expectComplete().verify(T);
        server.closeNow().block(T);
        client.inbound().then().block(T); // reading sees the server's FIN (an unread socket would not)
        client.onClose().block(T);
        Await.until("the handler's publisher cancelled", T, cancelled::get);
    }
}
