package io.reactivenet.json;

import io.reactivenet.NetArgumentException;
import io.reactivenet.framing.DroppedFrame;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.Oversized;
import io.reactivenet.framing.Truncation;
import io.reactivenet.internal.Checks;
import io.reactivenet.json.internal.JsonMessageParser;
import io.reactivenet.json.internal.Scratch;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;

/**
 * JSON messages over a byte stream, framed as newline-delimited JSON ({@link #ndjson}) or with a
 * 4-byte big-endian length prefix ({@link #lengthPrefixed}). Decoders turn a {@code
 * Flux<ByteBuffer>} (e.g. {@link io.reactivenet.NetSocket#inbound()}) into JSON trees or typed
 * values; encoders turn a {@code Publisher} of values into buffers for {@link
 * io.reactivenet.NetSocket#send}. Use them with {@code transform}:
 *
 * <pre>{@code
 * JsonCodec codec = JsonCodec.ndjson(JsonMapper.shared()).withMaxLength(64 * 1024);
 * Flux<Order> orders = socket.inbound().transform(codec.decoder(Order.class));
 * Mono<Void> sent = socket.send(codec.encoder().apply(replies));
 * }</pre>
 *
 * <p>Node counterpart: none built in; Node code splits on {@code '\n'} by hand and calls {@code
 * JSON.parse} / {@code JSON.stringify(x) + '\n'}.
 *
 * <p><b>Framing.</b> The bytes are cut into messages by the core framing operators ({@link
 * io.reactivenet.framing.Framing}): the maximum message length, {@link Oversized} (FAIL, the
 * default, or DISCARD) and {@link Truncation} behave exactly as there; an oversized message is
 * never buffered beyond the maximum length. Each message is parsed straight from the framed buffer
 * (no copy per message when it arrived inside one chunk).
 *
 * <p><b>Malformed messages.</b> A message that is not one JSON value of the target type (bad
 * syntax, trailing garbage, an empty line, a JSON {@code null} for a typed value, or a type
 * mismatch) is the caller's choice: {@link #frames()} keeps it as a {@link JsonFrame.Malformed}
 * element, {@link #decoder()} skips it ({@link OnMalformed#SKIP}, the default, reported to {@link
 * #withMalformedListener}) or fails the stream ({@link OnMalformed#FAIL}). Messages after it are
 * decoded as usual.
 *
 * <p><b>Threading and backpressure.</b> Decoding and encoding run on the thread that delivers the
 * upstream signals (the socket's event loop for inbound); parsing is synchronous and bounded by
 * the maximum message length. Each unit of downstream demand yields at most one message; upstream
 * is asked for more bytes only as needed. Buffers emitted by encoders belong to the subscriber.
 *
 * <p>Immutable and thread-safe; the {@code with…} methods return copies. A decoder or encoder
 * function may be applied to any number of streams, each with its own state.
 */
public final class JsonCodec {

    /** The default maximum message length: 1 MiB. */
    public static final int DEFAULT_MAX_LENGTH = 1 << 20;
    /** The default number of bytes of a malformed message kept in {@link JsonFrame.Malformed#raw()}. */
    public static final int DEFAULT_RAW_PREVIEW = 256;

    /**
     * The settings, copied, changed in one field and handed to a new codec by {@link #with}; never
     * changed once a codec holds them (the codec's final field publishes them).
     */
    private static final class Settings implements Cloneable {
        JsonFraming framing = JsonFraming.NDJSON;
        int maxLength = DEFAULT_MAX_LENGTH;
        Oversized oversized = Oversized.FAIL;
        Truncation truncation = Truncation.DISALLOW;
        OnMalformed onMalformed = OnMalformed.SKIP;
        int rawPreview = DEFAULT_RAW_PREVIEW;
        Consumer<JsonFrame.Malformed<?>> malformedListener = m -> { };
        Consumer<DroppedFrame> dropListener = d -> { };
        Consumer<? super RequestTimeoutException> requestTimeoutListener = t -> { };

        /** A shallow copy, which is enough: every field is a primitive, an enum or a shared listener. */
        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final ObjectMapper mapper;
    private final ObjectWriter writer;
    private final Settings settings;

    private JsonCodec(ObjectMapper mapper, Settings settings) {
        this.mapper = mapper;
        // NDJSON needs single-line output whatever the caller's mapper says.
        this.writer = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
        this.settings = settings;
    }

    private JsonCodec with(Consumer<Settings> change) {
        Settings copy = settings.copy();
        change.accept(copy);
        return new JsonCodec(mapper, copy);
    }

    /** Newline-delimited JSON with {@code mapper}, {@link #DEFAULT_MAX_LENGTH}, FAIL on oversized, SKIP malformed. */
    public static JsonCodec ndjson(ObjectMapper mapper) {
        return new JsonCodec(Objects.requireNonNull(mapper, "mapper"), new Settings());
    }

    /** Length-prefixed JSON (4-byte big-endian length) with the same defaults as {@link #ndjson}. */
    public static JsonCodec lengthPrefixed(ObjectMapper mapper) {
        return ndjson(mapper).withFraming(JsonFraming.LENGTH_PREFIXED);
    }

    /** A copy with another framing. */
    public JsonCodec withFraming(JsonFraming framing) {
        Objects.requireNonNull(framing, "framing");
        return with(s -> s.framing = framing);
    }

    /**
     * A copy with another maximum message length in bytes, without the framing (line ending or
     * length header; for NDJSON a {@code '\r'} before the {@code '\n'} counts); at least 1.
     *
     * @throws NetArgumentException {@code ERR_OUT_OF_RANGE} when {@code maxLength < 1}
     */
    public JsonCodec withMaxLength(int maxLength) {
        Checks.range("maxLength", maxLength, 1, Integer.MAX_VALUE - 8);
        return with(s -> s.maxLength = maxLength);
    }

    /** A copy with another reaction to oversized messages ({@link Oversized#FAIL} by default). */
    public JsonCodec withOversized(Oversized oversized) {
        Objects.requireNonNull(oversized, "oversized");
        return with(s -> s.oversized = oversized);
    }

    /** A copy with another reaction to a stream that ends inside a message ({@link Truncation#DISALLOW} by default). */
    public JsonCodec withTruncation(Truncation truncation) {
        Objects.requireNonNull(truncation, "truncation");
        return with(s -> s.truncation = truncation);
    }

    /** A copy with another reaction of {@link #decoder()} to malformed messages ({@link OnMalformed#SKIP} by default). */
    public JsonCodec withOnMalformed(OnMalformed onMalformed) {
        Objects.requireNonNull(onMalformed, "onMalformed");
        return with(s -> s.onMalformed = onMalformed);
    }

    /**
     * A copy that keeps at most {@code bytes} of a malformed message's text in {@link
     * JsonFrame.Malformed#raw()} (0 keeps none).
     *
     * @throws NetArgumentException {@code ERR_OUT_OF_RANGE} when {@code bytes < 0}
     */
    public JsonCodec withRawPreview(int bytes) {
        Checks.atLeast("rawPreview", bytes, 0);
        return with(s -> s.rawPreview = bytes);
    }

    /**
     * A copy that reports each malformed message skipped by {@link #decoder()} to {@code listener}
     * (on the decoding thread, before the next message is emitted; what it throws fails the stream).
     */
    public JsonCodec withMalformedListener(Consumer<JsonFrame.Malformed<?>> listener) {
        Objects.requireNonNull(listener, "listener");
        return with(s -> s.malformedListener = listener);
    }

    /**
     * A copy that reports each oversized message skipped in {@link Oversized#DISCARD} mode to {@code
     * listener}. For {@link JsonFraming#LENGTH_PREFIXED} the reported length and limit count the 4-byte
     * header, as the core length-field codec does.
     */
    public JsonCodec withDropListener(Consumer<DroppedFrame> listener) {
        Objects.requireNonNull(listener, "listener");
        return with(s -> s.dropListener = listener);
    }

    /**
     * A copy that reports each {@link JsonChannel#request} that times out to {@code listener}, once
     * per request, just before the request fails with that {@link RequestTimeoutException} (on the
     * timer's thread; what the listener throws is added to the exception as suppressed). Held by the
     * codec rather than a channel so that one listener sees every channel built with the codec, e.g.
     * all the connections of a server: {@code withRequestTimeoutListener(metrics.requestTimeouts("ndjson"))}.
     * Answered, cancelled and connection-closed requests are not reported.
     */
    public JsonCodec withRequestTimeoutListener(Consumer<? super RequestTimeoutException> listener) {
        Objects.requireNonNull(listener, "listener");
        return with(s -> s.requestTimeoutListener = listener);
    }

    /** Tells the request-timeout listener about {@code e}; returns {@code e}. */
    RequestTimeoutException requestTimedOut(RequestTimeoutException e) {
        try {
            settings.requestTimeoutListener.accept(e);
        } catch (RuntimeException listenerFailure) {
            e.addSuppressed(listenerFailure);
        }
        return e;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public JsonFraming framing() {
        return settings.framing;
    }

    public int maxLength() {
        return settings.maxLength;
    }

    public Oversized oversized() {
        return settings.oversized;
    }

    public Truncation truncation() {
        return settings.truncation;
    }

    public OnMalformed onMalformed() {
        return settings.onMalformed;
    }

    public int rawPreview() {
        return settings.rawPreview;
    }

    /**
     * The framing decoder alone: bytes to message buffers (one per message, without framing; for
     * NDJSON a {@code '\r'} before the {@code '\n'} is kept in the buffer).
     */
    public Function<Flux<ByteBuffer>, Flux<ByteBuffer>> messageDecoder() {
        return settings.framing.decoder(settings.maxLength, settings.oversized, settings.truncation,
                settings.dropListener);
    }

    // ---- decoders keeping malformed messages as elements

    /** Decoder to JSON trees, malformed messages kept as {@link JsonFrame.Malformed} elements. */
    public Function<Flux<ByteBuffer>, Flux<JsonFrame<JsonNode>>> frames() {
        return frames(mapper.constructType(JsonNode.class));
    }

    /** Decoder to {@code type}, malformed messages (and type mismatches) kept as {@link JsonFrame.Malformed} elements. */
    public <T> Function<Flux<ByteBuffer>, Flux<JsonFrame<T>>> frames(Class<T> type) {
        return frames(mapper.constructType(Objects.requireNonNull(type, "type")));
    }

    /** Decoder to a generic {@code type}, malformed messages kept as elements. */
    public <T> Function<Flux<ByteBuffer>, Flux<JsonFrame<T>>> frames(TypeReference<T> type) {
        return frames(mapper.constructType(Objects.requireNonNull(type, "type")));
    }

    private <T> Function<Flux<ByteBuffer>, Flux<JsonFrame<T>>> frames(JavaType type) {
        JsonMessageParser<T> parser = new JsonMessageParser<>(mapper, type, settings.rawPreview);
        return bytes -> Flux.defer(() -> {
            Position at = new Position();
            return bytes.doOnNext(b -> at.seen += b.remaining()).transform(messageDecoder(at))
                    .map(frame -> at.parse(parser, frame));
        });
    }

    /**
     * Where a subscription is in its stream: the next message's index and byte offset. Each frame
     * costs its length plus the framing, each dropped message what the framing reports; updated on
     * the decoding thread only.
     */
    private final class Position {
        long index;
        long offset;
        /** Bytes received so far (updated before the framing decoder sees them). */
        long seen;
        final JsonFraming framing = settings.framing;

        <T> JsonFrame<T> parse(JsonMessageParser<T> parser, ByteBuffer frame) {
            long start = offset + framing.headerBytes;
            if (start + frame.remaining() > seen) {
                // Only Truncation.ALLOW's last piece can end past the bytes received: a length
                // header cut short, emitted as is (found by JsonJazzerTest). No message in it.
                int n = frame.remaining();
                offset += n;
                return parser.malformed(frame, index++, start - framing.headerBytes,
                        "Truncated length header: " + n + " of " + framing.headerBytes + " bytes");
            }
            offset += framing.headerBytes + frame.remaining() + framing.trailerBytes;
            return parser.parse(frame, index++, start);
        }

        void dropped(DroppedFrame d) {
            // Lines report the line without its '\n'; length fields report the frame with its header.
            offset += d.length() + framing.trailerBytes;
            settings.dropListener.accept(d);
        }
    }

    private Function<Flux<ByteBuffer>, Flux<ByteBuffer>> messageDecoder(Position at) {
        return settings.framing.decoder(settings.maxLength, settings.oversized, settings.truncation, at::dropped);
    }

    // ---- decoders to values

    /** Decoder to JSON trees; malformed messages handled per {@link #onMalformed()}. */
    public Function<Flux<ByteBuffer>, Flux<JsonNode>> decoder() {
        return decoder(mapper.constructType(JsonNode.class));
    }

    /** Decoder to {@code type}; malformed messages (and type mismatches) handled per {@link #onMalformed()}. */
    public <T> Function<Flux<ByteBuffer>, Flux<T>> decoder(Class<T> type) {
        return decoder(mapper.constructType(Objects.requireNonNull(type, "type")));
    }

    /** Decoder to a generic {@code type}; malformed messages handled per {@link #onMalformed()}. */
    public <T> Function<Flux<ByteBuffer>, Flux<T>> decoder(TypeReference<T> type) {
        return decoder(mapper.constructType(Objects.requireNonNull(type, "type")));
    }

    private <T> Function<Flux<ByteBuffer>, Flux<T>> decoder(JavaType type) {
        JsonMessageParser<T> parser = new JsonMessageParser<>(mapper, type, settings.rawPreview);
        boolean fail = settings.onMalformed == OnMalformed.FAIL;
        Consumer<JsonFrame.Malformed<?>> listener = settings.malformedListener;
        return bytes -> Flux.defer(() -> {
            Position at = new Position();
            return bytes.doOnNext(b -> at.seen += b.remaining()).transform(messageDecoder(at)).handle((frame, sink) -> {
                JsonFrame<T> f = at.parse(parser, frame);
                if (f instanceof JsonFrame.Value<T> v) {
                    sink.next(v.value());
                } else {
                    JsonFrame.Malformed<T> m = (JsonFrame.Malformed<T>) f;
                    if (fail) {
                        sink.error(new MalformedJsonException(m));
                    } else {
                        listener.accept(m);
                    }
                }
            });
        });
    }

    // ---- encoders

    /**
     * Encoder: each value (a POJO, record, {@code JsonNode}…) serialized with the mapper (single
     * line), framed, in its own buffer. A value whose JSON is longer than {@link #maxLength()}
     * fails the stream with a {@link FrameTooLongException}; a value Jackson cannot serialize with
     * its {@code JacksonException}.
     */
    public Function<Publisher<?>, Flux<ByteBuffer>> encoder() {
        boolean lines = settings.framing == JsonFraming.NDJSON;
        return values -> Flux.defer(() -> {
            Scratch scratch = new Scratch();
            return Flux.<Object>from(values).handle((v, sink) -> {
                try {
                    sink.next(encode(v, scratch, lines));
                } catch (RuntimeException e) {
                    sink.error(e);
                }
            });
        });
    }

    /** One value, serialized and framed, in a new buffer. Throws as {@link #encoder()} fails. */
    public ByteBuffer encode(Object value) {
        return encode(Objects.requireNonNull(value, "value"), new Scratch(), settings.framing == JsonFraming.NDJSON);
    }

    private ByteBuffer encode(Object value, Scratch scratch, boolean lines) throws JacksonException {
        scratch.reset();
        writer.writeValue(scratch, value);
        if (scratch.size() > settings.maxLength) {
            throw new FrameTooLongException(settings.maxLength, scratch.size(), false);
        }
        return lines ? scratch.withSuffix((byte) '\n') : scratch.withLengthHeader();
    }

    @Override
    public String toString() {
        return "JsonCodec[" + settings.framing + ", maxLength=" + settings.maxLength + ", oversized="
                + settings.oversized + ", truncation=" + settings.truncation + ", onMalformed=" + settings.onMalformed
                + "]";
    }
}
