package io.reactivenet.internal.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.reactivenet.ConnectEvent;
import io.reactivenet.NetSocket;
import io.reactivenet.internal.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * One connect's observations: {@value Keys#CONNECT} around the whole connect, with children
 * {@value Keys#LOOKUP}, one {@value Keys#ATTEMPT} per Happy Eyeballs attempt and
 * {@value Keys#CLIENT_TLS}. An attempt still open when the race ends (the loser of a won race, an
 * attempt of a connect that timed out or was cancelled) is ended as {@value Keys#CANCELLED}: the
 * race closed it before it answered. Every method is synchronized: events come from the resolver
 * thread and the race's loop, the end from the subscriber's signals.
 */
final class MicrometerConnectObserver implements ConnectObserver {

    private static final Observation.Event ATTEMPT_TIMEOUT = Observation.Event.of("connection.attempt.timeout",
            "the attempt timeout passed; the next address is tried, this attempt stays in the race");

    private final ObservationRegistry registry;
    private final String host;
    private final Observation connect;
    private @Nullable Observation lookup;
    private final List<Attempt> attempts = new ArrayList<>();
    private @Nullable Observation tls;
    private boolean ended;

    /** An attempt's observation, open until its outcome is known. */
    private static final class Attempt {
        final String ip;
        final Observation observation;
        boolean open = true;

        Attempt(String ip, Observation observation) {
            this.ip = ip;
            this.observation = observation;
        }
    }

    MicrometerConnectObserver(ObservationRegistry registry, String host, int port, ContextView context) {
        this.registry = registry;
        this.host = host;
        Observation parent = context.getOrDefault(Keys.PARENT, null) instanceof Observation p ? p : null;
        this.connect = Observation.createNotStarted(Keys.CONNECT, registry)
                .contextualName("connect")
                .parentObservation(parent)
                .lowCardinalityKeyValue(Keys.TRANSPORT, "tcp")
                .highCardinalityKeyValue(Keys.HOST, host)
                .highCardinalityKeyValue(Keys.PORT, String.valueOf(port));
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public synchronized void begin(boolean lookupFirst) {
        connect.start();
        if (lookupFirst) {
            lookup = child(Keys.LOOKUP, "lookup").highCardinalityKeyValue(Keys.HOST, host).start();
        }
    }

    private Observation child(String name, String contextualName) {
        return Observation.createNotStarted(name, registry).contextualName(contextualName).parentObservation(connect)
                .lowCardinalityKeyValue(Keys.TRANSPORT, "tcp");
    }

    @Override
    public Consumer<? super ConnectEvent> listener(@Nullable Consumer<? super ConnectEvent> user) {
        return event -> {
            on(event);
            if (user != null) {
                user.accept(event);
            }
        };
    }

    private synchronized void on(ConnectEvent event) {
        if (ended) {
            return;
        }
        if (event instanceof ConnectEvent.Lookup l) {
            endLookup(l.error());
        } else if (event instanceof ConnectEvent.ConnectionAttempt a) {
            endLookup(null); // an IP literal has no lookup; a name's lookup has answered by now
            attempts.add(new Attempt(a.ip(), attempt(a.ip(), a.port(), a.family()).start()));
        } else if (event instanceof ConnectEvent.ConnectionAttemptFailed f) {
            Attempt open = open(f.ip());
            // A blocked address fails without an attempt event: it gets an attempt that failed at once.
            Observation o = open != null ? open.observation : attempt(f.ip(), f.port(), f.family()).start();
            if (open != null) {
                open.open = false;
            }
            end(o, Keys.FAILURE, f.error());
        } else if (event instanceof ConnectEvent.ConnectionAttemptTimeout t) {
            Attempt open = open(t.ip());
            if (open != null) {
                open.observation.event(ATTEMPT_TIMEOUT);
            }
        }
    }

    private Observation attempt(String ip, int port, int family) {
        return child(Keys.ATTEMPT, "attempt").lowCardinalityKeyValue(Keys.FAMILY, family == 6 ? "IPv6" : "IPv4")
                .highCardinalityKeyValue(Keys.REMOTE, Keys.ip(ip, port));
    }

    private @Nullable Attempt open(String ip) {
        for (Attempt a : attempts) {
            if (a.open && a.ip.equals(ip)) {
                return a;
            }
        }
        return null;
    }

    private void endLookup(@Nullable Throwable error) {
        endLookup(error == null ? Keys.SUCCESS : Keys.FAILURE, error);
    }

    private void endLookup(String outcome, @Nullable Throwable error) {
        Observation o = lookup;
        if (o != null) {
            lookup = null;
            end(o, outcome, error);
        }
    }

    @Override
    public synchronized void won(NetSocket socket) {
        if (ended) {
            return;
        }
        endLookup(null);
        String ip = socket.remoteAddress();
        String remote = ip == null ? Keys.NONE : Keys.ip(ip, socket.remotePort());
        connect.highCardinalityKeyValue(Keys.REMOTE, remote);
        Attempt winner = ip == null ? null : open(ip);
        if (winner != null) {
            winner.open = false;
            end(winner.observation, Keys.SUCCESS, null);
        }
        endAttempts();
        if (socket.isEncrypted()) {
            Observation o = child(Keys.CLIENT_TLS, "tls handshake")
                    .highCardinalityKeyValue(Keys.REMOTE, remote).start();
            tls = o;
            socket.handshake().subscribe(session -> endTls(o, session.protocol(), null), e -> endTls(o, Keys.NONE, e));
        }
    }

    private synchronized void endTls(Observation o, String protocol, @Nullable Throwable error) {
        if (tls == o) {
            tls = null;
            o.lowCardinalityKeyValue(Keys.TLS_PROTOCOL, protocol);
            end(o, error == null ? Keys.SUCCESS : Keys.FAILURE, error);
        }
    }

    /** Ends every attempt still open as cancelled: the race is over and has closed them. */
    private void endAttempts() {
        for (Attempt a : attempts) {
            if (a.open) {
                a.open = false;
                end(a.observation, Keys.CANCELLED, null);
            }
        }
    }

    @Override
    public Mono<NetSocket> observe(Mono<NetSocket> connectMono) {
        return connectMono.doOnNext(s -> finish(Keys.SUCCESS, null))
                .doOnError(e -> finish(Keys.FAILURE, e))
                .doOnCancel(() -> finish(Keys.CANCELLED, null));
    }

    private synchronized void finish(String outcome, @Nullable Throwable error) {
        if (ended) {
            return;
        }
        endLookup(outcome, error); // still looking up: the connect ended it
        endAttempts();
        Observation o = tls;
        if (o != null) {
            tls = null;
            o.lowCardinalityKeyValue(Keys.TLS_PROTOCOL, Keys.NONE);
            end(o, outcome, error);
        }
        ended = true;
        end(connect, outcome, error);
    }

    /** Sets the outcome and code keys, records the error, stops. */
    static void end(Observation o, String outcome, @Nullable Throwable error) {
        o.lowCardinalityKeyValue(Keys.OUTCOME, outcome);
        o.lowCardinalityKeyValue(Keys.CODE, error == null ? Keys.NONE : Errors.codeOf(error));
        if (error != null) {
            o.error(error);
        }
        o.stop();
    }
}
