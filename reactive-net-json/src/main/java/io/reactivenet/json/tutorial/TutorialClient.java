package io.reactivenet.json.tutorial;

import io.reactivenet.ConnectOptions;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.json.JsonChannel;
import io.reactivenet.json.JsonCodec;
import io.reactivenet.json.JsonFrame;
import io.reactivenet.json.tutorial.TutorialProtocol.ErrorReply;
import io.reactivenet.json.tutorial.TutorialProtocol.Greeting;
import io.reactivenet.json.tutorial.TutorialProtocol.Query;
import io.reactivenet.json.tutorial.TutorialProtocol.Response;
import io.reactivenet.json.tutorial.TutorialProtocol.Welcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of {@link TutorialProtocol}: {@link #greet} resolves with the server's welcome (replies
 * without an id are matched first-in first-out), {@link #query} with the response carrying its
 * {@code queryId} (matched by id, in any order). Error replies and messages nobody asked for are
 * emitted by {@link #others()}.
 *
 * <pre>{@code
 * TutorialClient c = TutorialClient.connect(ConnectOptions.to("localhost", 8080)).block();
 * Welcome w = c.greet("Client").block();
 * Response time = c.query("time").block();
 * c.end().block();
 * }</pre>
 *
 * <p>Node counterpart: the tutorial's client ({@code net.createConnection} and a hand-written
 * splitter). Thread-safe; every reply is read on the connection's event loop.
 */
public final class TutorialClient implements Disposable {

    private final JsonChannel channel;
    private final Duration timeout;
    private final AtomicLong nextId = new AtomicLong(1);
    private final ArrayDeque<Sinks.One<Welcome>> greetings = new ArrayDeque<>();
    private final Sinks.Many<Object> others = Sinks.many().multicast().directBestEffort();
    private final Disposable reading;

    private TutorialClient(NetSocket socket, Duration timeout) {
        this.channel = JsonChannel.of(socket, JsonCodec.ndjson(JsonMapper.shared()), TutorialProtocol.TYPES, "queryId");
        this.timeout = timeout;
        this.reading = channel.frames().subscribe(this::dispatch, this::fail, () -> fail(null));
    }

    /** The default time a greeting or query waits for its reply: 10 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Connects with {@code options}; each greeting and query times out after {@link #DEFAULT_TIMEOUT}. */
    public static Mono<TutorialClient> connect(ConnectOptions options) {
        return connect(options, DEFAULT_TIMEOUT);
    }

    /** Connects with {@code options}; each greeting and query times out after {@code timeout}. */
    public static Mono<TutorialClient> connect(ConnectOptions options, Duration timeout) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(timeout, "timeout");
        return Net.connect(options).map(s -> new TutorialClient(s, timeout));
    }

    /** A client over an already connected socket, with {@code timeout} for each greeting and query. */
    public static TutorialClient over(NetSocket socket, Duration timeout) {
        return new TutorialClient(Objects.requireNonNull(socket, "socket"), Objects.requireNonNull(timeout, "timeout"));
    }

    /** The channel underneath, e.g. to send messages the protocol does not know. */
    public JsonChannel channel() {
        return channel;
    }

    /** Sends a greeting; emits the welcome that answers it. */
    public Mono<Welcome> greet(String name) {
        Objects.requireNonNull(name, "name");
        return Mono.defer(() -> {
            Sinks.One<Welcome> sink = Sinks.one();
            Mono<Void> sent;
            // Registration and write happen in one order, so that the n-th welcome answers the n-th greeting.
            synchronized (greetings) {
                greetings.add(sink);
                sent = channel.send(new Greeting(name));
            }
            return sent.then(sink.asMono()).timeout(timeout);
        });
    }

    /** Sends a query ({@code "time"}, {@code "stats"} or any other) with a fresh queryId. */
    public Mono<Response> query(String query) {
        return query(nextId.getAndIncrement(), query);
    }

    /** Sends a query with {@code queryId}; emits the response with that id. */
    public Mono<Response> query(long queryId, String query) {
        Objects.requireNonNull(query, "query");
        return channel.request(new Query(queryId, query), Response.class, timeout);
    }

    /** Error replies ({@link ErrorReply}) and any other message that answered nothing we asked. */
    public Flux<Object> others() {
        return others.asFlux();
    }

    /** Ends our side (the server then ends too). */
    public Mono<Void> end() {
        return channel.end();
    }

    private void dispatch(JsonFrame<Object> frame) {
        if (frame instanceof JsonFrame.Value<Object> v && v.value() instanceof Welcome w) {
            Sinks.One<Welcome> sink;
            synchronized (greetings) {
                sink = greetings.poll();
            }
            if (sink != null) {
                sink.tryEmitValue(w);
                return;
            }
        }
        others.tryEmitNext(frame instanceof JsonFrame.Value<Object> v ? v.value() : frame);
    }

    private void fail(@org.jspecify.annotations.Nullable Throwable e) {
        Throwable cause = e != null ? e : new NetException(NetException.ERR_SOCKET_CLOSED,
                "The server ended the connection before the welcome");
        synchronized (greetings) {
            Sinks.One<Welcome> s;
            while ((s = greetings.poll()) != null) {
                s.tryEmitError(cause);
            }
        }
        others.tryEmitComplete();
    }

    @Override
    public void dispose() {
        reading.dispose();
        channel.socket().destroy();
    }

    @Override
    public boolean isDisposed() {
        return reading.isDisposed();
    }
}
