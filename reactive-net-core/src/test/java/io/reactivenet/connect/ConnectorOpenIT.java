package io.reactivenet.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.SocketOptions;
import io.reactivenet.connect.ConnectFixtures.BlackHole;
import io.reactivenet.internal.Connector;
import io.reactivenet.internal.ProcessRef;
import io.reactivenet.internal.spi.ClientEndpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link Connector#open} (the single-attempt path the IPC module uses): a cancelled connect leaves nothing open. */
class ConnectorOpenIT {

    @Test
    void cancellingAPendingOpenClosesTheChannel() throws Exception {
        int refs = ProcessRef.refs();
        try (BlackHole hole = new BlackHole(HappyEyeballsIT.ip("127.0.0.1"), 0)) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", hole.port);
            Disposable pending = Connector.open(ClientEndpoint.tcp(() -> target), SocketOptions.defaults())
                    .subscribe();
            assertThat(Flux.interval(Duration.ZERO, Duration.ofMillis(10)).map(i -> ConnectFixtures.synSentTo(hole.port))
                    .filter(n -> n == 1).next().timeout(Duration.ofSeconds(5), Mono.just(-1L)).block()).isEqualTo(1L);
            pending.dispose();
            assertThat(ConnectFixtures.awaitNoSynSent(hole.port, Duration.ofSeconds(5))).isZero();
        }
        assertThat(ProcessRef.refs()).isEqualTo(refs);
    }
}
