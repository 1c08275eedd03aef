package io.reactivenet;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A bound server, as returned by {@link NetServer#listen}.
 *
 * <p>Node counterpart: a {@code net.Server} after {@code 'listening'}. {@code server.address()} is
 * {@link #address()}, {@code getConnections()} is {@link #connectionCount()}, the server's events
 * are {@link #events()}, {@code server.close()} is {@link #close()}.
 *
 * <p>Thread-safe. {@link #events()} is a hot multicast {@code Flux}: events before the first
 * subscriber are buffered (up to 256), later subscribers see only later events; a slow subscriber
 * never slows the server (events past its buffer are dropped for it).
 */
public interface ListeningServer extends Disposable {

    /** Node's {@code server.address()} for a TCP server; null for a Unix domain socket server (see {@link #path()}). */
    @Nullable SocketAddress address();

    /** The socket path (or {@code "\0name"} abstract name) of a Unix domain socket server; null for TCP. */
    default @Nullable String path() {
        return null;
    }

    /** Node's {@code server.listening}. */
    boolean isListening();

    /** Node's {@code server.getConnections()}: sockets accepted and not yet closed. */
    int connectionCount();

    /** The connection limit now in force: {@link ServerOptions#maxConnections(int)} or the last {@link #maxConnections(int)}. */
    int maxConnections();

    /**
     * Node's {@code server.maxConnections = n} while listening: the next connection beyond
     * {@code max} is dropped (a Drop event); sockets already open stay open when it is lowered.
     * Throws {@code ERR_OUT_OF_RANGE} for a negative value.
     */
    ListeningServer maxConnections(int max);

    /**
     * Node's server events: Listening, Connection, Drop, Blocked, Error (also accept failures such
     * as EMFILE, after which the server pauses accepting for a second and then accepts again), Close.
     */
    Flux<ServerEvent> events();

    /**
     * Node's {@code server.close()}: stops accepting now, lets open sockets finish, and completes
     * when the last one has closed (then a Close event). Fails with {@code ERR_SERVER_NOT_RUNNING}
     * when the server was already closed.
     */
    Mono<Void> close();

    /** Stops accepting and destroys every open socket; completes when all are closed. Idempotent. */
    Mono<Void> closeNow();

    /** Completes when the server has fully closed (Node's {@code 'close'}). */
    Mono<Void> onClose();

    /** Node's {@code server.ref()}: an open server keeps the JVM alive (the default). */
    ListeningServer ref();

    /** Node's {@code server.unref()}: an open server does not keep the JVM alive. */
    ListeningServer unref();

    /**
     * Node's {@code server.setSecureContext(options)}: connections accepted from now on use
     * {@code tls}, open ones keep theirs. Emits true when swapped in, false when {@code tls} is
     * already in use; fails (and keeps the old settings) when {@code tls} is invalid, or with
     * {@code ERR_TLS_NOT_ENABLED} on a server that was not started with TLS.
     */
    default Mono<Boolean> updateTls(io.reactivenet.tls.TlsOptions tls) {
        return Mono.error(new NetException("ERR_TLS_NOT_ENABLED", "updateTls needs a server started with TLS"));
    }

    /** {@link #closeNow()} without waiting. */
    @Override
    default void dispose() {
        closeNow().subscribe(null, e -> { });
    }

    /** Blocking convenience for tests and {@code main}: {@link #close()} and wait at most {@code timeout}. */
    default void closeAndWait(Duration timeout) {
        close().onErrorResume(e -> Mono.empty()).block(timeout);
    }
}
