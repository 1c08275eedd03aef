package io.reactivenet.internal.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.reactivenet.internal.tls.Tls;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A server's observations: {@value Keys#ACCEPT} per accepted connection, kept on the channel until
 * admission ends it ({@value Keys#ADMITTED}, {@value Keys#DROPPED}, {@value Keys#BLOCKED}; a
 * channel closed before admission, as when the server is closing or a PROXY header never came,
 * ends it {@value Keys#CANCELLED}), then {@value Keys#SERVER_TLS} on a TLS server. Root
 * observations: an accept has no caller to be the child of.
 */
final class MicrometerServerObserver implements ServerObserver {

    private static final AttributeKey<Observation> ACCEPTING = AttributeKey.valueOf("reactivenet.observation.accept");

    private final ObservationRegistry registry;
    private final String transport;

    MicrometerServerObserver(ObservationRegistry registry, boolean domain) {
        this.registry = registry;
        this.transport = domain ? "unix" : "tcp";
    }

    private Observation create(String name, String contextualName, Channel channel) {
        return Observation.createNotStarted(name, registry).contextualName(contextualName)
                .lowCardinalityKeyValue(Keys.TRANSPORT, transport)
                .highCardinalityKeyValue(Keys.REMOTE, Keys.format(channel.remoteAddress()))
                .highCardinalityKeyValue(Keys.LOCAL, Keys.format(channel.localAddress()));
    }

    @Override
    public void accepting(Channel channel) {
        Observation o = create(Keys.ACCEPT, "accept", channel).start();
        channel.attr(ACCEPTING).set(o);
        channel.closeFuture().addListener(f -> end(channel, Keys.CANCELLED));
    }

    @Override
    public void admitted(Channel channel) {
        end(channel, Keys.ADMITTED);
        if (Tls.isEncrypted(channel)) {
            Observation o = create(Keys.SERVER_TLS, "tls handshake", channel).start();
            AtomicBoolean done = new AtomicBoolean();
            // A connection that closes before the handshake ends fails it (TlsWatch): the end always comes.
            Tls.handshake(channel).subscribe(
                    session -> endTls(o, done, session.protocol(), null),
                    e -> endTls(o, done, Keys.NONE, e));
        }
    }

    private static void endTls(Observation o, AtomicBoolean done, String protocol, @Nullable Throwable error) {
        if (done.compareAndSet(false, true)) {
            o.lowCardinalityKeyValue(Keys.TLS_PROTOCOL, protocol);
            MicrometerConnectObserver.end(o, error == null ? Keys.SUCCESS : Keys.FAILURE, error);
        }
    }

    @Override
    public void dropped(Channel channel) {
        end(channel, Keys.DROPPED);
    }

    @Override
    public void blocked(Channel channel) {
        end(channel, Keys.BLOCKED);
    }

    /** Ends the channel's accept observation with {@code outcome}, once. */
    private static void end(Channel channel, String outcome) {
        Observation o = channel.attr(ACCEPTING).getAndSet(null);
        if (o != null) {
            MicrometerConnectObserver.end(o, outcome, null);
        }
    }
}
