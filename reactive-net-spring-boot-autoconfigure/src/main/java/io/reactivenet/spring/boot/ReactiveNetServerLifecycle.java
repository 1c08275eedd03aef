package io.reactivenet.spring.boot;

import io.reactivenet.ListenOptions;
import io.reactivenet.ListeningServer;
import io.reactivenet.NetException;
import io.reactivenet.NetLoops;
import io.reactivenet.NetServer;
import io.reactivenet.SocketAddress;
import io.reactivenet.tls.TlsOptions;
import java.time.Duration;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * Runs one reactive-net TCP server inside a Spring application context: listens when the context
 * starts and closes gracefully when it stops. The auto-configuration creates it; an application
 * may also declare its own (the auto-configuration then backs off).
 *
 * <p><b>Start</b> binds (Node's {@code server.listen()}), waiting at most {@link #START_TIMEOUT};
 * a bind failure (EADDRINUSE, EACCES) fails the context's start. Then it publishes a
 * {@link ReactiveNetServerStartedEvent} with the bound address.
 *
 * <p><b>Stop</b> runs in Spring's graceful-shutdown phase ({@link #PHASE}, the phase of Spring
 * Boot's web-server graceful shutdown, so an HTTP server and this one drain at the same time):
 * Node's {@code server.close()} stops accepting at once (new connections are refused) and lets the
 * open ones finish; those still open after the drain timeout are destroyed
 * ({@link ListeningServer#closeNow()}). Spring's lifecycle processor waits for the callback at most
 * {@code spring.lifecycle.timeout-per-shutdown-phase}; the drain timeout is chosen below it (see
 * the auto-configuration), so the destroying also happens inside the phase. Loops this lifecycle
 * owns (created from {@code reactive-net.server.transport}) are disposed after the server closed;
 * loops from an application bean are the application's.
 *
 * <p>Thread-safe: Spring calls start and stop from one thread, the stop callback runs on the
 * thread that closes the last connection or on the drain timer.
 */
public final class ReactiveNetServerLifecycle implements SmartLifecycle, ApplicationEventPublisherAware,
        DisposableBean {

    /** Spring Boot's graceful-shutdown phase ({@code WebServerGracefulShutdownLifecycle}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
    /** How long {@link #start()} waits for the bind. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final Log LOG = LogFactory.getLog(ReactiveNetServerLifecycle.class);

    private final NetServer netServer;
    private final ListenOptions listen;
    private final Duration drainTimeout;
    private final @Nullable NetLoops ownedLoops;
    private @Nullable ApplicationEventPublisher events;
    private volatile @Nullable ListeningServer server;
    private volatile boolean running;
    /** TLS settings given to {@link #updateTls} before the server listened; guarded by {@code this}. */
    private @Nullable TlsOptions pendingTls;

    /**
     * A lifecycle that serves {@code netServer} at {@code listen}, drains for at most
     * {@code drainTimeout} on stop, and disposes {@code ownedLoops} (null: none) once closed.
     */
    public ReactiveNetServerLifecycle(NetServer netServer, ListenOptions listen, Duration drainTimeout,
            @Nullable NetLoops ownedLoops) {
        this.netServer = Objects.requireNonNull(netServer, "netServer");
        this.listen = Objects.requireNonNull(listen, "listen");
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative: " + drainTimeout);
        }
        this.ownedLoops = ownedLoops;
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
        this.events = publisher;
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        ListeningServer s;
        try {
            s = netServer.listen(listen).block(START_TIMEOUT);
        } catch (RuntimeException e) {
            destroy();          // EADDRINUSE, EACCES: the context fails; our loops must not outlive it
            throw e;
        }
        if (s == null) {
            destroy();
            throw new IllegalStateException("reactive-net server did not bind " + listen);
        }
        synchronized (this) {
            TlsOptions pending = pendingTls;
            pendingTls = null;
            if (pending != null) {
                // An update that came before the bind (a certificate renewed while the context was
                // starting) is applied now, before the server is published, so that a later update
                // cannot be overtaken by it; a bad one is logged and the first settings kept.
                try {
                    s.updateTls(pending).block(START_TIMEOUT);
                } catch (RuntimeException e) {
                    LOG.error("reactive-net server: TLS update refused, keeping the previous certificate", e);
                }
            }
            server = s;
        }
        running = true;
        SocketAddress address = s.address();
        ApplicationEventPublisher publisher = events;
        if (publisher != null && address != null) {
            publisher.publishEvent(new ReactiveNetServerStartedEvent(this, s, address));
        }
    }

    @Override
    public void stop(Runnable callback) {
        ListeningServer s = server;
        if (!running || s == null) {
            callback.run();
            return;
        }
        running = false;
        NetLoops loops = ownedLoops;
        // close(): unbinds at once (new connections refused), completes when the last one closed.
        // At the drain timeout, closeNow() destroys the rest and completes once they are closed.
        s.close()
                .onErrorResume(NetException.class, e -> Mono.empty())       // already closed
                .timeout(drainTimeout, Mono.defer(s::closeNow))
                .onErrorResume(e -> Mono.empty())
                .then(Mono.defer(() -> loops != null ? loops.disposeLater() : Mono.<Void>empty()))
                .doFinally(signal -> callback.run())
                .subscribe(null, e -> { });
    }

    @Override
    public void stop() {
        ListeningServer s = server;
        stop(() -> { });
        if (s != null) {
            s.onClose().block(drainTimeout.plusSeconds(10));
        }
    }

    /**
     * Called when the context is destroyed, after stop (or instead of it when the context failed
     * before starting): destroys a server still open and disposes the loops this lifecycle owns.
     * Idempotent.
     */
    @Override
    public void destroy() {
        ListeningServer s = server;
        if (s != null) {
            s.closeNow().block(Duration.ofSeconds(10));
        }
        NetLoops loops = ownedLoops;
        if (loops != null && !loops.isDisposed()) {
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Node's {@code server.setSecureContext()} on this lifecycle's server: connections accepted from
     * now on use {@code tls}, open ones keep theirs. Emits true when swapped in, false when
     * {@code tls} is already in use; fails, keeping the previous settings, when {@code tls} is
     * invalid (a certificate that does not parse, a key that does not match) or the server was
     * not configured with TLS ({@code ERR_TLS_NOT_ENABLED}). Before the server listens, the update
     * is kept and applied when it starts (emits true; a failure then is logged, and the settings
     * the server was configured with are kept). The auto-configuration calls this when the
     * server's SSL bundle is updated. Lazy: nothing happens until subscribed; any thread.
     */
    public Mono<Boolean> updateTls(TlsOptions tls) {
        Objects.requireNonNull(tls, "tls");
        return Mono.defer(() -> {
            ListeningServer s;
            synchronized (this) {
                s = server;
                if (s == null) {
                    pendingTls = tls;
                    return Mono.just(true);
                }
            }
            return s.updateTls(tls);
        });
    }

    /** The server once started (it stays available, closed, after stop); null before. */
    public @Nullable ListeningServer server() {
        return server;
    }

    /** The configured server (options and handler). */
    public NetServer netServer() {
        return netServer;
    }

    /** Where the server binds. */
    public ListenOptions listenOptions() {
        return listen;
    }

    /** How long stop lets open connections finish before destroying them. */
    public Duration drainTimeout() {
        return drainTimeout;
    }
}
