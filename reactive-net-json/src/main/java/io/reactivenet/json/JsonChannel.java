package io.reactivenet.json;

import io.reactivenet.NetException;
import io.reactivenet.NetSocket;
import io.reactivenet.json.internal.Correlator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Typed JSON messages over one {@link NetSocket}: {@link #receive(Class)} and {@link #send(Object)}
 * with a {@link JsonCodec} for the framing and a {@link MessageTypes} registry for the
 * discriminator, plus request/response correlation by an id field: {@link #request} sends a
 * message carrying an id (the tutorial's {@code queryId}) and resolves with the response carrying
 * the same id, in whatever order responses arrive.
 *
 * <pre>{@code
 * JsonChannel ch = JsonChannel.of(socket, JsonCodec.ndjson(mapper), types, "queryId");
 * Mono<Response> r = ch.request(new Query(7, "time"), Response.class, Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>Node counterpart: a {@code net.Socket} with a hand-written NDJSON splitter, a {@code switch
 * (msg.type)} and a {@code Map} of pending callbacks keyed by id.
 *
 * <p><b>Inbound.</b> The socket's inbound is read once, by {@link #frames()} (or {@link #receive}),
 * which is therefore single-subscriber. Responses to pending requests are taken out of it and
 * handed to their callers; everything else is emitted, typed by the registry. Backpressure goes
 * through to the socket: no demand, no reading. If nobody subscribes to {@link #frames()}, the
 * first {@link #request} starts reading by itself and messages that answer no request are dropped
 * (counted by {@link #unsolicited()}); a later {@code frames()} subscription then fails with
 * {@code ERR_STREAM_ALREADY_SUBSCRIBED}. When the inbound ends, pending and later requests fail with
 * {@code ERR_SOCKET_CLOSED}.
 *
 * <p><b>Outbound.</b> {@link #send(Object)} writes one message; concurrent sends interleave at
 * message boundaries. {@link #send(Publisher)} writes a stream with the socket's byte-bounded
 * backpressure. Thread-safe.
 */
public final class JsonChannel {

    /** The default request timeout of {@link #request(Object, Class)}: 30 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final NetSocket socket;
    private final JsonCodec codec;
    private final MessageTypes types;
    private final ObjectMapper mapper;
    private final Correlator correlator;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicLong unsolicited = new AtomicLong();

    private JsonChannel(NetSocket socket, JsonCodec codec, MessageTypes types, String idField) {
        this.socket = socket;
        this.codec = codec;
        this.types = types;
        this.mapper = codec.mapper();
        this.correlator = new Correlator(idField);
    }

    /** A channel over {@code socket} that correlates requests by the top-level field {@code idField}. */
    public static JsonChannel of(NetSocket socket, JsonCodec codec, MessageTypes types, String idField) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(idField, "idField");
        if (idField.isEmpty()) {
            throw new IllegalArgumentException("The correlation id field name must not be empty");
        }
        return new JsonChannel(socket, codec, types, idField);
    }

    /** A channel that correlates by {@code "id"}. */
    public static JsonChannel of(NetSocket socket, JsonCodec codec, MessageTypes types) {
        return of(socket, codec, types, "id");
    }

    public NetSocket socket() {
        return socket;
    }

    public JsonCodec codec() {
        return codec;
    }

    public MessageTypes types() {
        return types;
    }

    /**
     * Every inbound message that answers no pending request: a {@link JsonFrame.Value} holding an
     * instance of the registered type, or the {@code JsonNode} tree when its type is not registered;
     * or a {@link JsonFrame.Malformed} (also for a registered type the JSON does not fit).
     * Single subscriber.
     */
    public Flux<JsonFrame<Object>> frames() {
        return Flux.defer(() -> {
            if (!reading.compareAndSet(false, true)) {
                // Refused here, not by the socket: an error through inbound() would fail pending requests.
                return Flux.error(new NetException(NetException.ERR_STREAM_ALREADY_SUBSCRIBED,
                        "The channel's inbound is already being read (frames()/receive() or a request started it)"));
            }
            return inbound();
        });
    }

    private Flux<JsonFrame<Object>> inbound() {
        return socket.inbound()
                .transform(codec.frames())
                .<JsonFrame<Object>>handle((f, sink) -> {
                    if (f instanceof JsonFrame.Value<JsonNode> v) {
                        if (!correlator.complete(v.value())) {
                            sink.next(typed(v));
                        }
                    } else {
                        sink.next(((JsonFrame.Malformed<JsonNode>) f).cast());
                    }
                })
                .doOnError(correlator::close)
                .doOnComplete(() -> correlator.close(null))
                .doOnCancel(() -> correlator.close(null));
    }

    private JsonFrame<Object> typed(JsonFrame.Value<JsonNode> v) {
        JsonNode tree = v.value();
        try {
            return new JsonFrame.Value<>(types.read(mapper, tree), v.index());
        } catch (JacksonException e) {
            String raw = tree.toString();
            int n = Math.min(raw.length(), codec.rawPreview());
            String why = e.getOriginalMessage();
            return new JsonFrame.Malformed<>(v.index(), -1, raw.length(), -1, raw.substring(0, n), n < raw.length(),
                    why == null ? e.toString() : why);
        }
    }

    /** The inbound values of {@code type} (others and malformed messages are skipped). Single subscriber, as {@link #frames()}. */
    public <T> Flux<T> receive(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return frames().handle((f, sink) -> {
            if (f instanceof JsonFrame.Value<Object> v && type.isInstance(v.value())) {
                sink.next(type.cast(v.value()));
            }
        });
    }

    /** Writes one message (a registered type gets its discriminator); completes when flushed. */
    public Mono<Void> send(Object message) {
        Objects.requireNonNull(message, "message");
        return Mono.defer(() -> socket.write(encode(message)));
    }

    /** Writes every message of {@code messages} in order, with the socket's backpressure. */
    public Mono<Void> send(Publisher<?> messages) {
        Objects.requireNonNull(messages, "messages");
        return socket.send(codec.encoder().apply(Flux.from(messages).map(m -> types.write(mapper, m))));
    }

    private ByteBuffer encode(Object message) {
        return codec.encode(types.write(mapper, message));
    }

    /** {@link #request(Object, Class, Duration)} with {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public <R> Mono<R> request(Object message, Class<R> responseType) {
        return request(message, responseType, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Sends {@code message}, which must carry the id field, and emits the first inbound message with
     * the same id, read as {@code responseType}. Fails with a {@link RequestTimeoutException} when
     * none arrives within {@code timeout}, with {@link IllegalArgumentException} when the message
     * has no id, {@link IllegalStateException} when a request with that id is already pending, and
     * {@code ERR_SOCKET_CLOSED} when the connection ends first. Cancelling or timing out forgets the
     * request (nothing is kept for it); a timeout is also reported to the codec's
     * {@link JsonCodec#withRequestTimeoutListener request-timeout listener}. Lazy: nothing is sent
     * until subscription.
     */
    public <R> Mono<R> request(Object message, Class<R> responseType, Duration timeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(responseType, "responseType");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The request timeout must be positive; got " + timeout);
        }
        return Mono.defer(() -> {
            JsonNode tree = types.write(mapper, message);
            String key = correlator.keyOf(tree);
            if (key == null) {
                return Mono.error(new IllegalArgumentException("The request has no \"" + correlator.idField()
                        + "\" field (or it is null, an object or an array): " + abbreviate(tree)));
            }
            ByteBuffer bytes = codec.encode(tree);
            startReading();
            Sinks.One<JsonNode> response = Sinks.one();
            Throwable refused = correlator.register(key, response);
            if (refused != null) {
                return Mono.error(refused);
            }
            return socket.write(bytes)
                    .then(response.asMono())
                    .timeout(timeout, Mono.error(() -> timedOut(key, response, timeout)))
                    .doFinally(s -> correlator.remove(key, response))
                    .map(r -> types.read(mapper, r, responseType));
        });
    }

    /**
     * The error of a request that timed out. Forgets the request first, as RequestTimeoutException
     * promises (doFinally alone would run only after the caller saw the error), then reports it.
     */
    private RequestTimeoutException timedOut(String key, Sinks.One<JsonNode> response, Duration timeout) {
        correlator.remove(key, response);
        return codec.requestTimedOut(new RequestTimeoutException(correlator.idField(), key, timeout,
                socket.remote() == null ? null : socket.remote().toString()));
    }

    private static String abbreviate(JsonNode tree) {
        String s = tree.toString();
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private void startReading() {
        if (reading.compareAndSet(false, true)) {
            inbound().subscribe(f -> unsolicited.incrementAndGet(), e -> { });
        }
    }

    /** Requests waiting for a response. */
    public int pendingRequests() {
        return correlator.size();
    }

    /** Messages dropped because nobody read {@link #frames()} and they answered no request. */
    public long unsolicited() {
        return unsolicited.get();
    }

    /** Half-closes the socket after pending writes (Node's {@code socket.end()}). */
    public Mono<Void> end() {
        return socket.end();
    }
}
