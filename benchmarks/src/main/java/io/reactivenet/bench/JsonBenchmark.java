package io.reactivenet.bench;

import io.reactivenet.json.JsonCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.TokenBuffer;

/**
 * NDJSON decode and encode throughput of {@link JsonCodec} against plain Jackson on pre-split
 * messages, for small (~100 B) and medium (~4 KiB) messages. Every benchmark handles {@link #N}
 * messages per invocation (about 1 MiB for small, 4 MiB for medium), so JMH's ops/s are messages/s;
 * MB/s is messages/s times the average message size, printed at setup.
 *
 * <ul>
 * <li>{@code decodeBaseline}: {@code mapper.readTree(byte[])} on each message already cut out
 *     (the floor: no framing, no streams).
 * <li>{@code decodeNdjson}: {@code JsonCodec.ndjson(...).decoder()} over the stream cut into 16 KiB
 *     chunks: line framing (slices, no copy), parse from the chunk's array, Reactor per element.
 * <li>{@code decodeAsyncParser}: the experiment: Jackson's non-blocking parser fed straight from
 *     the same 16 KiB chunks, each root value's tokens buffered in a {@code TokenBuffer} and read as
 *     a tree (what a tokenizer-based decoder does). Plain loop, no Reactor: its best case.
 * <li>{@code encodeBaseline}: {@code mapper.writeValueAsBytes(tree)} per message.
 * <li>{@code encodeNdjson}: {@code JsonCodec.ndjson(...).encoder()}: one framed buffer per message.
 * </ul>
 *
 * <p>On a shared machine the load changes between JMH's runs of different methods, so ratios
 * between separate JMH results are unreliable. {@link #main} therefore also measures the methods
 * interleaved (A, B, C, A, B, C… in 200 ms slices, for the same size in the same JVM) and prints
 * the median ratio of each method to its baseline over all rounds:
 * {@code java -cp benchmarks/target/benchmarks.jar io.reactivenet.bench.JsonBenchmark [rounds]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonBenchmark {

    static final int N = 1024;
    static final int CHUNK = 16 * 1024;

    @Param({"small", "medium"})
    public String size;

    JsonMapper mapper;
    List<JsonNode> trees;
    byte[][] messages;
    List<ByteBuffer> chunks;
    Function<Flux<ByteBuffer>, Flux<JsonNode>> decoder;
    Function<org.reactivestreams.Publisher<?>, Flux<ByteBuffer>> encoder;

    @Setup(Level.Trial)
    public void setup() {
        mapper = JsonMapper.builder().build();
        Random r = new Random(7);
        trees = new ArrayList<>();
        messages = new byte[N][];
        StringBuilder all = new StringBuilder();
        long bytes = 0;
        for (int i = 0; i < N; i++) {
            JsonNode t = size.equals("small") ? small(r, i) : medium(r, i);
            trees.add(t);
            messages[i] = mapper.writeValueAsBytes(t);
            bytes += messages[i].length;
            all.append(new String(messages[i], StandardCharsets.UTF_8)).append('\n');
        }
        byte[] stream = all.toString().getBytes(StandardCharsets.UTF_8);
        chunks = new ArrayList<>();
        for (int at = 0; at < stream.length; at += CHUNK) {
            chunks.add(ByteBuffer.wrap(stream, at, Math.min(CHUNK, stream.length - at)).slice());
        }
        JsonCodec codec = JsonCodec.ndjson(mapper).withMaxLength(1 << 20);
        decoder = codec.decoder();
        encoder = codec.encoder();
        System.out.printf("%n[%s] %d messages, average %d bytes, %d chunks of %d bytes%n", size, N, bytes / N,
                chunks.size(), CHUNK);
        selfCheck();
    }

    /** Every decoder must produce the same N trees and every encoder the same bytes, or the numbers mean nothing. */
    private void selfCheck() {
        List<Object> out = new ArrayList<>();
        input().transform(decoder).subscribe(out::add);
        check("decodeNdjson", out.equals(trees));
        out.clear();
        JsonParser p = mapper.createNonBlockingByteArrayParser();
        asyncDecode(p, out::add);
        check("decodeAsyncParser", out.equals(trees));
        out.clear();
        encoder.apply(Flux.fromIterable(trees)).subscribe(out::add);
        boolean same = out.size() == N;
        for (int i = 0; same && i < N; i++) {
            ByteBuffer b = (ByteBuffer) out.get(i);
            same = b.remaining() == messages[i].length + 1
                    && ByteBuffer.wrap(messages[i]).equals(b.duplicate().limit(b.limit() - 1));
        }
        check("encodeNdjson", same);
    }

    private static void check(String what, boolean ok) {
        if (!ok) {
            throw new IllegalStateException(what + " does not give the expected messages");
        }
    }

    private ObjectNode small(Random r, int i) {
        ObjectNode o = mapper.createObjectNode();
        o.put("type", "query");
        o.put("queryId", i);
        o.put("query", r.nextBoolean() ? "time" : "stats");
        o.put("name", "client-" + Integer.toHexString(r.nextInt()));
        o.put("ok", r.nextBoolean());
        o.put("score", r.nextInt(100000) / 100.0);
        return o;
    }

    private ObjectNode medium(Random r, int i) {
        ObjectNode o = mapper.createObjectNode();
        o.put("type", "batch");
        o.put("id", i);
        ArrayNode items = o.putArray("items");
        for (int k = 0; k < 46; k++) {
            ObjectNode it = items.addObject();
            it.put("sku", "SKU-" + Integer.toHexString(r.nextInt()));
            it.put("qty", r.nextInt(100));
            it.put("price", r.nextInt(100000) / 100.0);
            it.put("note", "Grüße, 中文 ok");
            it.put("fresh", r.nextBoolean());
        }
        return o;
    }

    private Flux<ByteBuffer> input() {
        // Decoders consume their buffers' positions: hand out fresh views, as a socket hands fresh buffers.
        return Flux.fromIterable(chunks).map(ByteBuffer::duplicate);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void decodeBaseline(Blackhole bh) {
        for (byte[] m : messages) {
            bh.consume(mapper.readTree(m));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void decodeNdjson(Blackhole bh) {
        input().transform(decoder).subscribe(bh::consume);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void decodeAsyncParser(Blackhole bh) {
        asyncDecode(mapper.createNonBlockingByteArrayParser(), bh::consume);
    }

    private void asyncDecode(JsonParser p, java.util.function.Consumer<Object> bh) {
        ByteArrayFeeder feeder = (ByteArrayFeeder) p.nonBlockingInputFeeder();
        TokenBuffer tokens = null;
        int depth = 0;
        for (ByteBuffer c : chunks) {
            feeder.feedInput(c.array(), c.arrayOffset() + c.position(), c.arrayOffset() + c.limit());
            JsonToken t;
            while ((t = p.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
                if (tokens == null) {
                    tokens = TokenBuffer.forBuffering(p, p.objectReadContext());
                }
                tokens.copyCurrentEvent(p);
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
                if (depth == 0) {
                    bh.accept(mapper.readTree(tokens));
                    tokens = null;
                }
            }
        }
        feeder.endOfInput();
        p.close();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void encodeBaseline(Blackhole bh) {
        for (JsonNode t : trees) {
            bh.consume(mapper.writeValueAsBytes(t));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void encodeNdjson(Blackhole bh) {
        encoder.apply(Flux.fromIterable(trees)).subscribe(bh::consume);
    }

    /** Interleaved measurement: median messages/s and median per-round ratio to the baseline. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String size : new String[] {"small", "medium"}) {
            JsonBenchmark b = new JsonBenchmark();
            b.size = size;
            b.setup();
            long bytes = 0;
            for (byte[] m : b.messages) {
                bytes += m.length + 1;
            }
            String[] names = {"decodeBaseline", "decodeNdjson", "decodeAsyncParser", "encodeBaseline", "encodeNdjson"};
            Runnable[] ops = {() -> b.decodeBaseline(bh), () -> b.decodeNdjson(bh), () -> b.decodeAsyncParser(bh),
                () -> b.encodeBaseline(bh), () -> b.encodeNdjson(bh)};
            double[][] rate = new double[names.length][rounds];
            for (int r = -3; r < rounds; r++) {      // three warm-up rounds
                for (int k = 0; k < ops.length; k++) {
                    long n = 0;
                    long t0 = System.nanoTime();
                    long end = t0 + 200_000_000L;
                    long t;
                    do {
                        ops[k].run();
                        n++;
                    } while ((t = System.nanoTime()) < end);
                    if (r >= 0) {
                        rate[k][r] = n * (double) N / ((t - t0) / 1e9);
                    }
                }
            }
            System.out.printf("%n[%s] average message %d bytes, %d rounds interleaved%n", size, bytes / N - 1, rounds);
            for (int k = 0; k < names.length; k++) {
                int base = k < 3 ? 0 : 3;
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = rate[k][r] / rate[base][r];
                }
                double msgs = median(rate[k]);
                System.out.printf("  %-18s %,12.0f msg/s %8.1f MB/s   ratio to %s: %.2f (rounds %.2f..%.2f)%n", names[k],
                        msgs, msgs * bytes / N / 1e6, names[base], median(ratio), min(ratio), max(ratio));
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(0);
    }
}
