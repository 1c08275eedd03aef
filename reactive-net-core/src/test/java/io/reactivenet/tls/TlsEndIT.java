package io.reactivenet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.reactivenet.ConnectOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.testing.Await;
import io.reactivenet.testing.Bytes;
import io.reactivenet.testing.TlsFixtures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What {@code end()} puts on the wire over TLS: close_notify then FIN where close_notify closes
 * only our direction (TLS 1.3 on the JDK's engine), a bare FIN where it would close both (TLS 1.2,
 * or Netty's OpenSSL engine, which closes both directions on receipt); and in each case the server
 * still replies after the client's end (half-open).
 */
class TlsEndIT {

    static final Duration T = Duration.ofSeconds(10);

    /** Records the TLS close and the TCP FIN as the server's pipeline sees them, in order. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslCloseCompletionEvent c && c.isSuccess()) { // not the failed one a close gives
                seen.add("close_notify");
            } else if (evt instanceof ChannelInputShutdownEvent) {
                seen.add("fin");
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    @ParameterizedTest(name = "{0} {1}: close_notify {2}")
    @CsvSource({"JDK, TLSv1.3, true", "JDK, TLSv1.2, false", "OPENSSL, TLSv1.3, false", "OPENSSL, TLSv1.2, false"})
    void endSendsCloseNotifyOnlyWhereItIsAHalfClose(TlsProvider provider, String version, boolean closeNotify) {
        Recorder recorder = new Recorder();
        ListeningServer server = Net.createServer(ServerOptions.defaults().allowHalfOpen(true)
                .tls(TlsFixtures.server().provider(provider)), s -> {
                    // Added before the client's end: the client waits for the echo of its first byte.
                    s.unwrap().pipeline().addAfter("reactivenet.tls.watch", "recorder", recorder);
                    return s.inbound().map(Bytes::utf8).concatMap(got -> s.write("echo " + got).thenReturn(got))
                            .then(s.write("after your end")).then(s.end());
                }).listen(0, "127.0.0.1").block(T);
        try {
            NetSocket client = Net.connect(ConnectOptions.to("localhost", server.address().port()).allowHalfOpen(true)
                    .tls(TlsFixtures.client().provider(provider).protocols(version))).block(T);
            assertThat(client.tlsSession().protocol()).isEqualTo(version);
            StepVerifier.create(client.inbound().map(Bytes::utf8))
                    .then(() -> client.write("x").subscribe())
                    .expectNext("echo x")
                    .then(() -> client.end().subscribe())
                    .expectNext("after your end")
                    .verifyComplete();
            // After a close_notify the server has its 'end' and reads no more, so it may never look at the FIN.
            Await.until("the client's end on the server", T, () -> !recorder.seen.isEmpty());
            assertThat(recorder.seen.get(0)).isEqualTo(closeNotify ? "close_notify" : "fin");
            assertThat(client.onClose().block(T).hadError()).isFalse();
        } finally {
            server.closeNow().block(T);
        }
    }
}
