package io.reactivenet.json;

import io.reactivenet.NetArgumentException;
import io.reactivenet.framing.DroppedFrame;
import io.reactivenet.framing.FrameTooLongException;
import io.reactivenet.framing.Oversized;
import io.reactivenet.framing.Truncation;
import io.reactivenet.json.internal.FrameParser;
import io.reactivenet.json.internal.JsonFraming;
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

    /** How messages are delimited on the wire. */
    public enum Framing {
        /** One JSON value per line, {@code '\n'}-terminated (a {@code '\r'} before it is dropped). */
        NDJSON,
        /** A 4-byte big-endian unsigned length, then that many bytes of JSON. */
        LENGTH_PREFIXED
    }

    private static final Consumer<JsonFrame.Malformed<?>> IGNORE_MALFORMED = m -> { };
    private static final Consumer<DroppedFrame> IGNORE_DROPPED = d -> { };

    private final ObjectMapper mapper;
    private final ObjectWriter writer;
    private final Framing framing;
    private final int maxLength;
    private final Oversized oversized;
    private final Truncation truncation;
    private final OnMalformed onMalformed;
    private final int rawPreview;
    private final Consumer<JsonFrame.Malformed<?>> malformedListener;
    private final Consumer<DroppedFrame> dropListener;

    private JsonCodec(ObjectMapper mapper, Framing framing, int maxLength, Oversized oversized, Truncation truncation,
            OnMalformed onMalformed, int rawPreview, Consumer<JsonFrame.Malformed<?>> malformedListener,
            Consumer<DroppedFrame> dropListener) {
        this.mapper = mapper;
        // NDJSON needs single-line output whatever the caller's mapper says.
        this.writer = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
        this.framing = framing;
        this.maxLength = maxLength;
        this.oversized = oversized;
        this.truncation = truncation;
        this.onMalformed = onMalformed;
        this.rawPreview = rawPreview;
        this.malformedListener = malformedListener;
        this.dropListener = dropListener;
    }

    /** Newline-delimited JSON with {@code mapper}, {@link #DEFAULT_MAX_LENGTH}, FAIL on oversized, SKIP malformed. */
    public static JsonCodec ndjson(ObjectMapper mapper) {
        return new JsonCodec(Objects.requireNonNull(mapper, "mapper"), Framing.NDJSON, DEFAULT_MAX_LENGTH,
                Oversized.FAIL, Truncation.DISALLOW, OnMalformed.SKIP, DEFAULT_RAW_PREVIEW, IGNORE_MALFORMED,
                IGNORE_DROPPED);
    }

    /** Length-prefixed JSON (4-byte big-endian length) with the same defaults as {@link #ndjson}. */
    public static JsonCodec lengthPrefixed(ObjectMapper mapper) {
        return ndjson(mapper).withFraming(Framing.LENGTH_PREFIXED);
    }

    /** A copy with another framing. */
    public JsonCodec withFraming(Framing framing) {
        return new JsonCodec(mapper, Objects.requireNonNull(framing, "framing"), maxLength, oversized, truncation,
                onMalformed, rawPreview, malformedListener, dropListener);
    }

    /**
     * A copy with another maximum message length in bytes, without the framing (line ending or
     * length header; for NDJSON a {@code '\r'} before the {@code '\n'} counts); at least 1.
     *
     * @throws NetArgumentException {@code ERR_OUT_OF_RANGE} when {@code maxLength < 1}
     */
    public JsonCodec withMaxLength(int maxLength) {
        if (maxLength < 1 || maxLength > Integer.MAX_VALUE - 8) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"maxLength\" is out of range. It must be >= 1 && <= "
                            + (Integer.MAX_VALUE - 8) + ". Received " + maxLength);
        }
        return new JsonCodec(mapper, framing, maxLength, oversized, truncation, onMalformed, rawPreview,
                malformedListener, dropListener);
    }

    /** A copy with another reaction to oversized messages ({@link Oversized#FAIL} by default). */
    public JsonCodec withOversized(Oversized oversized) {
        return new JsonCodec(mapper, framing, maxLength, Objects.requireNonNull(oversized, "oversized"), truncation,
                onMalformed, rawPreview, malformedListener, dropListener);
    }

    /** A copy with another reaction to a stream that ends inside a message ({@link Truncation#DISALLOW} by default). */
    public JsonCodec withTruncation(Truncation truncation) {
        return new JsonCodec(mapper, framing, maxLength, oversized, Objects.requireNonNull(truncation, "truncation"),
                onMalformed, rawPreview, malformedListener, dropListener);
    }

    /** A copy with another reaction of {@link #decoder()} to malformed messages ({@link OnMalformed#SKIP} by default). */
    public JsonCodec withOnMalformed(OnMalformed onMalformed) {
        return new JsonCodec(mapper, framing, maxLength, oversized, truncation,
                Objects.requireNonNull(onMalformed, "onMalformed"), rawPreview, malformedListener, dropListener);
    }

    /**
     * A copy that keeps at most {@code bytes} of a malformed message's text in {@link
     * JsonFrame.Malformed#raw()} (0 keeps none).
     *
     * @throws NetArgumentException {@code ERR_OUT_OF_RANGE} when {@code bytes < 0}
     */
    public JsonCodec withRawPreview(int bytes) {
        if (bytes < 0) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                    "The value of \"rawPreview\" is out of range. It must be >= 0. Received " + bytes);
        }
        return new JsonCodec(mapper, framing, maxLength, oversized, truncation, onMalformed, bytes,
                malformedListener, dropListener);
    }

    /**
     * A copy that reports each malformed message skipped by {@link #decoder()} to {@code listener}
     * (on the decoding thread, before the next message is emitted; what it throws fails the stream).
     */
    public JsonCodec withMalformedListener(Consumer<JsonFrame.Malformed<?>> listener) {
        return new JsonCodec(mapper, framing, maxLength, oversized, truncation, onMalformed, rawPreview,
                Objects.requireNonNull(listener, "listener"), dropListener);
    }

    /**
     * A copy that reports each oversized message skipped in {@link Oversized#DISCARD} mode to {@code
     * listener}. For {@link Framing#LENGTH_PREFIXED} the reported length and limit count the 4-byte
     * header, as the core length-field codec does.
     */
    public JsonCodec withDropListener(Consumer<DroppedFrame> listener) {
        return new JsonCodec(mapper, framing, maxLength, oversized, truncation, onMalformed, rawPreview,
                malformedListener, Objects.requireNonNull(listener, "listener"));
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public Framing framing() {
        return framing;
    }

    public int maxLength() {
        return maxLength;
    }

    public Oversized oversized() {
        return oversized;
    }

    public Truncation truncation() {
        return truncation;
    }

    public OnMalformed onMalformed() {
        return onMalformed;
    }

    public int rawPreview() {
        return rawPreview;
    }

    /**
     * The framing decoder alone: bytes to message buffers (one per message, without framing; for
     * NDJSON a {@code '\r'} before the {@code '\n'} is kept in the buffer).
     */
    public Function<Flux<ByteBuffer>, Flux<ByteBuffer>> messageDecoder() {
        return JsonFraming.decoder(framing == Framing.NDJSON, maxLength, oversized, truncation, dropListener);
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
        FrameParser<T> parser = new FrameParser<>(mapper, type, rawPreview);
        return bytes -> Flux.defer(() -> {
            Position at = new Position();
            return bytes.transform(messageDecoder(at)).map(frame -> at.parse(parser, frame));
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
        final int overhead = framing == Framing.NDJSON ? JsonFraming.LINE_OVERHEAD : JsonFraming.HEADER_OVERHEAD;

        <T> JsonFrame<T> parse(FrameParser<T> parser, ByteBuffer frame) {
            long start = offset + (framing == Framing.NDJSON ? 0 : JsonFraming.HEADER_OVERHEAD);
            offset += frame.remaining() + overhead;
            return parser.parse(frame, index++, start);
        }

        void dropped(DroppedFrame d) {
            // Lines report the line without its '\n'; length fields report the frame with its header.
            offset += d.length() + (framing == Framing.NDJSON ? JsonFraming.LINE_OVERHEAD : 0);
            dropListener.accept(d);
        }
    }

    private Function<Flux<ByteBuffer>, Flux<ByteBuffer>> messageDecoder(Position at) {
        return JsonFraming.decoder(framing == Framing.NDJSON, maxLength, oversized, truncation, at::dropped);
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
        FrameParser<T> parser = new FrameParser<>(mapper, type, rawPreview);
        boolean fail = onMalformed == OnMalformed.FAIL;
        Consumer<JsonFrame.Malformed<?>> listener = malformedListener;
        return bytes -> Flux.defer(() -> {
            Position at = new Position();
            return bytes.transform(messageDecoder(at)).handle((frame, sink) -> {
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
        boolean lines = framing == Framing.NDJSON;
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
        return encode(Objects.requireNonNull(value, "value"), new Scratch(), framing == Framing.NDJSON);
    }

    private ByteBuffer encode(Object value, Scratch scratch, boolean lines) throws JacksonException {
        scratch.reset();
        writer.writeValue(scratch, value);
        if (scratch.size() > maxLength) {
            throw new FrameTooLongException(maxLength, scratch.size(), false);
        }
        return lines ? scratch.withSuffix((byte) '\n') : scratch.withLengthHeader();
    }

    @Override
    public String toString() {
        return "JsonCodec[" + framing + ", maxLength=" + maxLength + ", oversized=" + oversized + ", truncation="
                + truncation + ", onMalformed=" + onMalformed + "]";
    }
}
