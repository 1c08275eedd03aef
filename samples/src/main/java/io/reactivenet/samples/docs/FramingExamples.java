package io.reactivenet.samples.docs;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.framing.DroppedFrame;
import io.reactivenet.framing.Framing;
import io.reactivenet.framing.LengthFieldCodec;
import io.reactivenet.framing.LineCodec;
import io.reactivenet.framing.Oversized;
import io.reactivenet.text.Text;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;

/** The examples of {@code docs/framing-and-text.md}, compiled and run by {@code DocsTest}. */
public final class FramingExamples {

    private FramingExamples() {
    }

    /** A line echo server and a client that reads text lines; returns the client's lines. */
    public static List<String> lines() {
        // docs:begin frame-lines
        LineCodec lines = Framing.lines(8192);                        // \n (a \r before it is dropped), 8 KiB max
        ListeningServer server = Net.createServer(socket -> socket.send(socket.inbound()
                        .transform(lines.decoder())                   // one ByteBuffer per line, without its end
                        .map(line -> StandardCharsets.UTF_8.encode("echo: " + Text.decodeUtf8(line)))
                        .transform(lines.encoder())))                 // each frame + "\n"
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));

        NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(Duration.ofSeconds(5));
        List<String> replies = client.write("one\r\ntw")              // lines cut anywhere by the network
                .then(client.write("o\nthree\n"))
                .then(client.end())
                .thenMany(client.inbound().transform(Text.lines(8192)))   // UTF-8 text lines in one call
                .collectList()
                .block(Duration.ofSeconds(5));                        // [echo: one, echo: two, echo: three]
        // docs:end frame-lines
        server.close().block(Duration.ofSeconds(5));
        return replies;
    }

    /** What {@link #lengthField()} observed. */
    public record LengthFieldResult(List<String> frames, List<DroppedFrame> drops) {
    }

    /**
     * A length-field echo server that skips oversized frames; the client sends "a", a 2000-byte
     * frame and "bc" and reads the frames echoed.
     */
    public static LengthFieldResult lengthField() {
        // docs:begin frame-length-field
        // A 2-byte little-endian length that counts itself; frames over 1 KiB are skipped, unbuffered
        List<DroppedFrame> drops = new CopyOnWriteArrayList<>();
        LengthFieldCodec codec = Framing.lengthField(1024)
                .withFieldLength(2)
                .withByteOrder(ByteOrder.LITTLE_ENDIAN)
                .withLengthIncludesHeader(true)
                .withOversized(Oversized.DISCARD)
                .withDropListener(drops::add);                        // DroppedFrame(length, maxLength)
        ListeningServer server = Net.createServer(socket -> socket.send(socket.inbound()
                        .transform(codec.decoder())
                        .transform(codec.encoder())))
                .listen(0, "127.0.0.1")
                .block(Duration.ofSeconds(5));
        // docs:end frame-length-field
        ByteBuffer oversized = ByteBuffer.allocate(2000).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) 2000);
        Flux<ByteBuffer> out = Flux.concat(
                Flux.just("a").map(StandardCharsets.UTF_8::encode).transform(codec.encoder()),
                Flux.just(oversized),
                Flux.just("bc").map(StandardCharsets.UTF_8::encode).transform(codec.encoder()));
        NetSocket client = Net.connect(server.address().port(), "127.0.0.1").block(Duration.ofSeconds(5));
        List<String> frames = client.send(out).then(client.end())
                .thenMany(client.inbound().transform(codec.decoder()))
                .map(Text::decodeUtf8)
                .collectList()
                .block(Duration.ofSeconds(5));
        server.close().block(Duration.ofSeconds(5));
        return new LengthFieldResult(frames, List.copyOf(drops));
    }

    /** Decoding text split across chunks, and encoding it back. */
    public static List<Object> text() {
        // docs:begin text
        // "é" is two bytes in UTF-8; split across chunks it still decodes to one character
        Flux<ByteBuffer> chunks = Flux.just(ByteBuffer.wrap(new byte[] {'c', 'a', 'f', (byte) 0xC3}),
                ByteBuffer.wrap(new byte[] {(byte) 0xA9, '!', (byte) 0xFF}));
        List<String> text = chunks.transform(Text.utf8())             // or Text.decode(charset)
                .collectList()
                .block(Duration.ofSeconds(5));                        // ["caf", "é!\uFFFD"]: 0xFF is malformed
        Flux<ByteBuffer> bytes = Flux.just("caf", "é")
                .transform(Text.encode(StandardCharsets.UTF_8));      // unpaired surrogates become U+FFFD
        // docs:end text
        long size = bytes.map(ByteBuffer::remaining).reduce(0, Integer::sum).block(Duration.ofSeconds(5));
        return List.of(text, size);
    }
}
