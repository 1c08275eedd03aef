package io.reactivenet.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.reactivenet.framing.Framing;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;

/**
 * Our lines and length-field decoders against Netty's LineBasedFrameDecoder and
 * LengthFieldBasedFrameDecoder on the same bytes: {@value #TOTAL} bytes of frames of
 * {@code frameSize} bytes (delimiter or header included), after one 37-byte frame so that chunk
 * boundaries fall inside frames, cut into chunks of {@code chunkSize}. Netty's leak detector is
 * off (its default, SIMPLE, would sample and slow Netty's side).
 * One operation decodes the whole input; MB/s = ops/s x {@value #TOTAL} / 1e6.
 *
 * <p>Ours gets each chunk as a heap ByteBuffer (as the socket hands them out) through a Flux;
 * Netty's decoders run in an EmbeddedChannel fed wrapped heap ByteBufs, with a handler after the
 * decoder that consumes and releases every frame.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar Framing -f 1 -wi 2 -i 3 -w 1s -r 1s</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class FramingBenchmark {

    static final int TOTAL = 4 * 1024 * 1024;
    private static final int MAX = 1 << 20;
    private static final int ODD = 37;

    @Param({"64", "1024", "65536"})
    public int frameSize;

    @Param({"8192", "65536"})
    public int chunkSize;

    private byte[][] lineChunks;
    private byte[][] lengthChunks;
    private Function<Flux<ByteBuffer>, Flux<ByteBuffer>> ourLines;
    private Function<Flux<ByteBuffer>, Flux<ByteBuffer>> ourLengthField;
    private EmbeddedChannel nettyLines;
    private EmbeddedChannel nettyLengthField;
    private Blackhole blackhole;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        blackhole = bh;
        // A first frame of ODD bytes shifts the others off the chunk boundaries, so that chunks end
        // inside frames (and, for the length field, inside headers) as they do on a real socket.
        int frames = TOTAL / frameSize;
        byte[] lines = new byte[ODD + frames * frameSize];
        byte[] lengths = new byte[ODD + frames * frameSize];
        Arrays.fill(lines, 0, ODD - 1, (byte) 'x');
        lines[ODD - 1] = '\n';
        lengths[3] = ODD - 4;
        for (int f = 0; f < frames; f++) {
            int base = ODD + f * frameSize;
            for (int i = 0; i < frameSize - 1; i++) {
                lines[base + i] = (byte) ('a' + (i + f) % 26);
            }
            lines[base + frameSize - 1] = '\n';
            int payload = frameSize - 4;
            lengths[base] = (byte) (payload >>> 24);
            lengths[base + 1] = (byte) (payload >>> 16);
            lengths[base + 2] = (byte) (payload >>> 8);
            lengths[base + 3] = (byte) payload;
            for (int i = 4; i < frameSize; i++) {
                lengths[base + i] = (byte) (i + f);
            }
        }
        lineChunks = split(lines, chunkSize);
        lengthChunks = split(lengths, chunkSize);
        ourLines = Framing.lines(MAX).decoder();
        ourLengthField = Framing.lengthField(MAX).decoder();
        nettyLines = new EmbeddedChannel(new LineBasedFrameDecoder(MAX), new Sink());
        nettyLengthField = new EmbeddedChannel(new LengthFieldBasedFrameDecoder(MAX, 0, 4, 0, 4), new Sink());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        nettyLines.finishAndReleaseAll();
        nettyLengthField.finishAndReleaseAll();
    }

    private static byte[][] split(byte[] all, int chunk) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < all.length; at += chunk) {
            out.add(Arrays.copyOfRange(all, at, Math.min(all.length, at + chunk)));
        }
        return out.toArray(new byte[0][]);
    }

    /** Consumes and releases every frame, like an application handler would. */
    private final class Sink extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            blackhole.consume(frame.getByte(frame.readerIndex()));
            frame.release();
        }
    }

    private long ours(byte[][] chunks, Function<Flux<ByteBuffer>, Flux<ByteBuffer>> decoder) {
        ByteBuffer[] buffers = new ByteBuffer[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            buffers[i] = ByteBuffer.wrap(chunks[i]);
        }
        long[] n = {0};
        Flux.fromArray(buffers).transform(decoder).subscribe(frame -> {
            blackhole.consume(frame.get(frame.position()));
            n[0]++;
        });
        return n[0];
    }

    private static void netty(byte[][] chunks, EmbeddedChannel channel) {
        for (byte[] c : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(c));
        }
    }

    @Benchmark
    public long linesOurs() {
        return ours(lineChunks, ourLines);
    }

    @Benchmark
    public void linesNetty() {
        netty(lineChunks, nettyLines);
    }

    @Benchmark
    public long lengthFieldOurs() {
        return ours(lengthChunks, ourLengthField);
    }

    @Benchmark
    public void lengthFieldNetty() {
        netty(lengthChunks, nettyLengthField);
    }
}
