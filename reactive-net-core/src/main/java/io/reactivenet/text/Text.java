package io.reactivenet.text;

import io.reactivenet.framing.Framing;
import io.reactivenet.framing.LineCodec;
import io.reactivenet.internal.Checks;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Text operators: a byte stream to strings ({@link #utf8()}, {@link #decode(Charset)}), strings to
 * bytes ({@link #encode(Charset)}), and lines of text in one call ({@link #lines(int)}).
 *
 * <p>Node counterpart: {@code socket.setEncoding('utf8')}, after which {@code 'data'} hands out
 * strings. As there, a character split across chunks is held back until its last byte arrives
 * (at most three bytes for UTF-8), and malformed input becomes U+FFFD exactly as Node's {@code
 * StringDecoder} does it (the WHATWG rule: one U+FFFD per maximal invalid subsequence, and one for
 * an incomplete sequence at the end of the stream).
 *
 * <pre>{@code
 * Flux<String> text  = socket.inbound().transform(Text.utf8());
 * Flux<String> lines = socket.inbound().transform(Text.lines(8192));
 * Mono<Void> sent    = socket.send(Flux.just("hi\n").transform(Text.encode(StandardCharsets.UTF_8)));
 * }</pre>
 *
 * <p>Threading and backpressure: the decoders emit at most one string per input chunk (none for a
 * chunk that holds only part of a character, in which case one more chunk is requested), so
 * demand passes through one to one; they hold no more than one incomplete character between
 * chunks, dropped on cancel or error. Every subscription has its own decoding state. The encoder
 * maps one string to one buffer.
 */
public final class Text {

    /** Marks the end of input inside the decoding pipeline; compared by identity. */
    private static final ByteBuffer END = ByteBuffer.allocate(0);
    private static final byte[] UTF8_REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Text() {
    }

    /** Decodes a UTF-8 byte stream into strings, one per chunk (chunks that end mid-character hold it back). */
    public static Function<Flux<ByteBuffer>, Flux<String>> utf8() {
        return Text::decodeUtf8Stream;
    }

    /**
     * Decodes a byte stream in {@code charset} into strings. UTF-8 follows Node exactly (see the
     * class comment); other charsets replace malformed input with the charset decoder's replacement.
     */
    public static Function<Flux<ByteBuffer>, Flux<String>> decode(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        if (charset.equals(StandardCharsets.UTF_8)) {
            return Text::decodeUtf8Stream;
        }
        return flux -> Flux.defer(() -> {
            CharsetStream state = new CharsetStream(charset);
            return withEndMarker(flux, state::pending).<String>handle((chunk, sink) -> {
                String s = chunk == END ? state.finish() : state.decode(chunk);
                if (!s.isEmpty()) {
                    sink.next(s);
                }
            });
        });
    }

    /**
     * Encodes strings into bytes, one buffer per string. Characters the charset cannot encode, and
     * unpaired surrogates, are replaced (by U+FFFD's bytes in UTF-8, as Node's {@code write} does).
     */
    public static Function<Publisher<String>, Flux<ByteBuffer>> encode(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        return strings -> Flux.defer(() -> {
            CharsetEncoder encoder = newEncoder(charset);
            return Flux.from(strings).handle((s, sink) -> {
                try {
                    sink.next(encoder.encode(CharBuffer.wrap(s)));
                } catch (CharacterCodingException e) {
                    sink.error(e); // unreachable: the encoder replaces
                }
            });
        });
    }

    /**
     * UTF-8 lines: {@link Framing#lines(int)} followed by decoding each line, so {@code "a\r\nb\n"}
     * gives {@code "a"}, {@code "b"}. {@code maxLength} counts bytes, not characters.
     *
     * <p>Node counterpart: {@code readline.createInterface({input: socket, crlfDelay: Infinity})}
     * and its {@code 'line'} events, with a length limit added.
     */
    public static Function<Flux<ByteBuffer>, Flux<String>> lines(int maxLength) {
        return lines(Framing.lines(maxLength));
    }

    /** UTF-8 lines framed by {@code codec} (its limits, truncation and oversize modes apply). */
    public static Function<Flux<ByteBuffer>, Flux<String>> lines(LineCodec codec) {
        Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder = codec.decoder();
        return flux -> decoder.apply(flux).map(Text::decodeUtf8);
    }

    /**
     * Lines in {@code charset}, which must encode {@code '\n'} as the single byte 0x0A and never use
     * that byte inside another character (US-ASCII, ISO-8859-x, UTF-8, windows-125x...).
     *
     * @throws io.reactivenet.NetArgumentException {@code ERR_INVALID_ARG_VALUE} for UTF-16 and the like
     */
    public static Function<Flux<ByteBuffer>, Flux<String>> lines(LineCodec codec, Charset charset) {
        Objects.requireNonNull(charset, "charset");
        if (!Arrays.equals("\n\r".getBytes(charset), new byte[] {'\n', '\r'}) || !charset.canEncode()) {
            throw Checks.invalid("charset", charset.name(), "must encode '\\n' as the byte 0x0A");
        }
        if (charset.equals(StandardCharsets.UTF_8)) {
            return lines(codec);
        }
        Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder = codec.decoder();
        return flux -> decoder.apply(flux).map(b -> charset.decode(b).toString());
    }

    /** Decodes one complete UTF-8 buffer (position to limit, position unchanged) the way Node does. */
    public static String decodeUtf8(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            // The JDK agrees with Node on valid input; anything it replaced is decoded again below.
            String s = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(),
                    StandardCharsets.UTF_8);
            if (s.indexOf('\uFFFD') < 0) {
                return s;
            }
        }
        Utf8Decoder d = new Utf8Decoder();
        String s = d.decode(buffer);
        return d.pending() ? s + d.finish() : s;
    }

    private static Flux<String> decodeUtf8Stream(Flux<ByteBuffer> flux) {
        return Flux.defer(() -> {
            Utf8Decoder state = new Utf8Decoder();
            return withEndMarker(flux, state::pending).<String>handle((chunk, sink) -> {
                String s = chunk == END ? state.finish() : state.decode(chunk);
                if (!s.isEmpty()) {
                    sink.next(s);
                }
            });
        });
    }

    /**
     * {@code flux}, then the {@link #END} marker if {@code pending} says a partial character is held
     * (so that completing without a partial character needs no demand).
     */
    private static Flux<ByteBuffer> withEndMarker(Flux<ByteBuffer> flux, BooleanSupplier pending) {
        return flux.concatWith(Flux.defer(() -> pending.getAsBoolean() ? Flux.just(END) : Flux.empty()));
    }

    private static CharsetEncoder newEncoder(Charset charset) {
        CharsetEncoder encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        if (charset.equals(StandardCharsets.UTF_8)) {
            encoder.replaceWith(UTF8_REPLACEMENT);
        }
        return encoder;
    }

    /** Streaming decoding in any charset: the bytes of an incomplete character are carried over. */
    private static final class CharsetStream {
        private final CharsetDecoder decoder;
        private ByteBuffer carry = ByteBuffer.allocate(0);

        CharsetStream(Charset charset) {
            decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
        }

        String decode(ByteBuffer chunk) {
            ByteBuffer in = chunk.duplicate();
            if (carry.hasRemaining()) {
                ByteBuffer joined = ByteBuffer.allocate(carry.remaining() + in.remaining());
                joined.put(carry).put(in).flip();
                in = joined;
            }
            CharBuffer out = CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 4);
            CoderResult r = decoder.decode(in, out, false);
            while (r.isOverflow()) {
                CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
                out.flip();
                bigger.put(out);
                out = bigger;
                r = decoder.decode(in, out, false);
            }
            ByteBuffer rest = ByteBuffer.allocate(in.remaining());
            rest.put(in).flip();
            carry = rest;
            return out.flip().toString();
        }

        boolean pending() {
            return carry.hasRemaining();
        }

        String finish() {
            CharBuffer out = CharBuffer.allocate(16 + carry.remaining() * 2);
            decoder.decode(carry, out, true);
            decoder.flush(out);
            return out.flip().toString();
        }
    }
}
