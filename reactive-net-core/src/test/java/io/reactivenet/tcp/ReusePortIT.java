package io.reactivenet.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactivenet.ListenOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.ServerOptions;
import io.reactivenet.Transport;
import io.reactivenet.testing.Bytes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/** {@link ListenOptions#reusePort(boolean)} on NIO and epoll: two servers in one process on one port. */
class ReusePortIT {

    static final Duration T = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"NIO", "EPOLL"})
    void twoServersBindOnePortWithReusePortAndNotWithout(Transport transport) {
        assumeTrue(transport.isAvailable(), transport + " is not available here");
        NetLoops loops = NetLoops.create("reuseport", 1, transport);
        AtomicInteger served = new AtomicInteger();
        ServerOptions options = ServerOptions.defaults().loops(loops);
        ListeningServer first = null;
        ListeningServer second = null;
        try {
            first = Net.createServer(options, s -> {
                served.incrementAndGet();
                return s.send(s.inbound());
            }).listen(ListenOptions.onPort(0).host("127.0.0.1").reusePort(true)).block(T);
            int port = first.address().port();
            second = Net.createServer(options, s -> {
                served.incrementAndGet();
                return s.send(s.inbound());
            }).listen(ListenOptions.onPort(port).host("127.0.0.1").reusePort(true)).block(T);
            assertThat(second.address().port()).isEqualTo(port);

            StepVerifier.create(Net.createServer(options, s -> s.send(s.inbound()))
                            .listen(ListenOptions.onPort(port).host("127.0.0.1")))
                    .expectErrorSatisfies(e -> assertThat(((NetException) e).code()).isEqualTo("EADDRINUSE"))
                    .verify(T);

            for (int i = 0; i < 10; i++) {
                NetSocket c = Net.connect(port, "127.0.0.1").block(T);
                StepVerifier.create(c.inbound().map(Bytes::utf8).take(1))
                        .then(() -> c.write("x").subscribe())
                        .expectNext("x")
                        .verifyComplete();
                c.destroy();
                c.onClose().block(T);
            }
            assertThat(served).hasValue(10);
        } finally {
            if (second != null) {
                second.closeNow().block(T);
            }
            if (first != null) {
                first.closeNow().block(T);
            }
            loops.disposeLater().block(T);
        }
    }
}
