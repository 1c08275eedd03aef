package io.reactivenet.internal.connect;

import io.reactivenet.ConnectOptions;
import io.reactivenet.NetLoops;
import io.reactivenet.NetSocket;
import io.reactivenet.internal.Connector;
import io.reactivenet.internal.TransportSupport;
import io.reactivenet.internal.metrics.ClientRecorder;
import io.reactivenet.internal.observation.ConnectObserver;
import io.reactivenet.internal.socket.HandOff;
import io.reactivenet.internal.socket.SocketImpl;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Node's {@code net.connect(options)}: looks the host up, then connects to the first address or,
 * with {@code autoSelectFamily}, races the addresses ({@link Race}). Port 0 throws at the call;
 * everything else is resolved once per subscription ({@link ConnectPlan#of}). The race runs on one
 * event loop of the connect's lease, the lookup on bounded-elastic threads; each attempt is a
 * {@link io.reactivenet.internal.Connector} attempt ({@link TcpDialer}).
 */
public final class Connect {

    private Connect() {
    }

    /** The connect sequence for {@code options}; nothing happens until subscription. */
    public static Mono<NetSocket> connect(ConnectOptions options) {
        ConnectPlan.checkPort(options);
        // HandOff last: a socket that a crossing cancel made the subscriber drop is destroyed.
        return HandOff.of(Mono.deferContextual(context -> {
            ClientRecorder metrics = ClientRecorder.of(options.metrics(), false);
            ConnectObserver observer = ConnectObserver.of(options.observations(), options.host(), options.port(), context);
            long start = System.nanoTime();
            ConnectOptions listened = observer.enabled() ? options.onEvent(observer.listener(options.onEvent())) : options;
            ConnectPlan plan = ConnectPlan.of(metrics.enabled()
                    ? listened.onEvent(metrics.listener(start, listened.onEvent())) : listened);
            NetLoops.Lease lease = NetLoops.Lease.of(plan.loops());
            Scheduler actor;
            try {
                // The loop as a Scheduler (never disposed: that would shut the loop down).
                actor = Schedulers.fromExecutorService(lease.loops().resources()
                        .onClient(TransportSupport.preferNative(lease.loops().transport())).next());
            } catch (RuntimeException e) {
                lease.dispose();
                throw e;
            }
            observer.begin(plan.literal() == null);
            Mono<NetSocket> connect = Race.connect(plan, new TcpDialer(plan, lease), actor, Schedulers.boundedElastic())
                    .doOnNext(observer::won)
                    .flatMap(Connector::secured) // with TLS: emits once the handshake is done ('secureConnect')
                    .map(NetSocket.class::cast);
            return observer.observe(metrics.enabled()
                    ? connect.doOnNext(s -> metrics.connected(start, s)).doOnError(e -> metrics.failed(start, e))
                    : connect)
                    // A socket the race won just as the subscriber cancelled is dropped by flatMap or
                    // the subscriber's sink after the race's own hook: close it here (hooks apply upstream).
                    .doOnDiscard(SocketImpl.class, SocketImpl::destroy);
        }));
    }
}
