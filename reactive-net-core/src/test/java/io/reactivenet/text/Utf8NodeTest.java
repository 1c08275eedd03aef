package io.reactivenet.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * Node is the oracle: random, mostly invalid UTF-8, cut into random chunks, decoded by one {@code
 * node} process with {@code StringDecoder} (what {@code socket.setEncoding('utf8')} uses) and by
 * us, must give the same string.
 */
@Timeout(120)
class Utf8NodeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static Process node;
    private static Writer toNode;
    private static BufferedReader fromNode;

    @BeforeAll
    static void startNode(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("string-decoder.js");
        try (var in = Utf8NodeTest.class.getResourceAsStream("/node/string-decoder.js")) {
            Files.copy(in, script);
        }
        try {
            node = new ProcessBuilder("node", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            fail("This test needs `node` (Node.js 18 or later) on the PATH as the UTF-8 oracle: " + e.getMessage());
        }
        toNode = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.US_ASCII);
        fromNode = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.US_ASCII));
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        if (node != null) {
            node.destroy();
            node.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String nodeDecode(List<byte[]> chunks) throws IOException {
        List<String> hex = new ArrayList<>();
        for (byte[] c : chunks) {
            hex.add(HEX.formatHex(c));
        }
        toNode.write(String.join(",", hex) + "\n");
        toNode.flush();
        String line = fromNode.readLine();
        if (line == null) {
            fail("node exited early");
        }
        if (line.equals("-")) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < line.length(); i += 4) {
            sb.append((char) Integer.parseInt(line.substring(i, i + 4), 16));
        }
        return sb.toString();
    }

    private static String ourDecode(List<byte[]> chunks) {
        return String.join("", Flux.fromIterable(chunks).map(ByteBuffer::wrap).transform(Text.utf8())
                .collectList().block());
    }

    /** Bytes that exercise every branch: ASCII, continuations, every lead byte class, boundaries. */
    private static byte[] randomBytes(Random r) {
        if (r.nextBoolean()) {
            return mostlyValid(r);
        }
        byte[] b = new byte[1 + r.nextInt(12)];
        int[] special = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
            0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF};
        for (int i = 0; i < b.length; i++) {
            int k = r.nextInt(4);
            b[i] = (byte) (k == 0 ? 0x80 + r.nextInt(64) : k == 1 ? special[r.nextInt(special.length)]
                    : k == 2 ? 'a' + r.nextInt(26) : r.nextInt(256));
        }
        return b;
    }

    /** Valid text of 1- to 4-byte characters, sometimes with a byte replaced or cut off. */
    private static byte[] mostlyValid(Random r) {
        String[] units = {"a", "Z", " ", "\u00e9", "\u07ff", "\u0800", "\u20ac", "\uffff", "\ud83d\ude00", "\udbff\udfff"};
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.append(units[r.nextInt(units.length)]);
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        int corruptions = r.nextInt(3);
        for (int i = 0; i < corruptions; i++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        if (r.nextInt(4) == 0) {
            b = java.util.Arrays.copyOf(b, 1 + r.nextInt(b.length));
        }
        return b;
    }

    private static List<byte[]> split(byte[] all, Random r) {
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at < all.length) {
            int n = Math.min(all.length - at, 1 + r.nextInt(r.nextBoolean() ? 4 : 40));
            byte[] c = new byte[n];
            System.arraycopy(all, at, c, 0, n);
            out.add(c);
            at += n;
        }
        return out;
    }

    @Test
    void randomMalformedInputMatchesNodeWholeAndChunked() throws IOException {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = randomBytes(r);
            List<byte[]> whole = List.of(bytes);
            List<byte[]> chunks = split(bytes, r);
            String expected = nodeDecode(whole);
            assertThat(ourDecode(whole)).as("seed %d, bytes %s", seed, HEX.formatHex(bytes)).isEqualTo(expected);
            assertThat(Text.decodeUtf8(ByteBuffer.wrap(bytes))).as("seed %d, bytes %s", seed, HEX.formatHex(bytes))
                    .isEqualTo(expected);
            assertThat(ourDecode(chunks)).as("seed %d, bytes %s chunked", seed, HEX.formatHex(bytes))
                    .isEqualTo(nodeDecode(chunks));
        }
    }

    @Test
    void validCodePointsSplitAtEveryPositionMatchNode() throws IOException {
        byte[] bytes = "a\u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i <= bytes.length; i++) {
            List<byte[]> chunks = List.of(java.util.Arrays.copyOfRange(bytes, 0, i),
                    java.util.Arrays.copyOfRange(bytes, i, bytes.length));
            assertThat(ourDecode(chunks)).isEqualTo(nodeDecode(chunks)).isEqualTo("a\u00e9\u20ac\ud83d\ude00");
        }
    }
}
