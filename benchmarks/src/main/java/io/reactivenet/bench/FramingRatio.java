package io.reactivenet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A companion to {@link FramingBenchmark} for shared, loaded machines, where JMH's wall-clock
 * scores swing by more than the differences we look for: it runs our decoder and Netty's on the
 * same input in alternation, measures each batch in <em>thread CPU time</em> (not disturbed by
 * other processes taking the cores), and reports the median of per-round ratios.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.reactivenet.bench.FramingRatio [rounds]</pre>
 */
public final class FramingRatio {

    private FramingRatio() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        System.out.println("| decoder | frame | chunk | ours MB/s (CPU) | Netty MB/s (CPU) | ours / Netty (median) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String kind : new String[] {"lines", "lengthField"}) {
            for (int frame : new int[] {64, 1024, 65536}) {
                for (int chunk : new int[] {8192, 65536}) {
                    FramingBenchmark b = new FramingBenchmark();
                    b.frameSize = frame;
                    b.chunkSize = chunk;
                    b.setUp(bh);
                    LongSupplier ours = kind.equals("lines") ? b::linesOurs : b::lengthFieldOurs;
                    Runnable netty = kind.equals("lines") ? b::linesNetty : b::lengthFieldNetty;
                    LongSupplier nettyOp = () -> {
                        netty.run();
                        return 0;
                    };
                    int batch = 20;
                    for (int i = 0; i < 40; i++) { // warm-up
                        time(mx, ours, batch);
                        time(mx, nettyOp, batch);
                    }
                    double[] ratios = new double[rounds];
                    long oursTotal = 0;
                    long nettyTotal = 0;
                    for (int i = 0; i < rounds; i++) {
                        long o = time(mx, ours, batch);
                        long n = time(mx, nettyOp, batch);
                        oursTotal += o;
                        nettyTotal += n;
                        ratios[i] = (double) n / o;
                    }
                    b.tearDown();
                    Arrays.sort(ratios);
                    double bytes = (double) (FramingBenchmark.TOTAL / frame * frame + 37) * batch * rounds;
                    System.out.printf("| %s | %s | %s | %,.0f | %,.0f | %.2fx |%n", kind, size(frame), size(chunk),
                            bytes / oursTotal * 1e3, bytes / nettyTotal * 1e3, ratios[rounds / 2]);
                }
            }
        }
    }

    private static String size(int n) {
        return n >= 1024 ? n / 1024 + " KiB" : n + " B";
    }

    private static long time(ThreadMXBean mx, LongSupplier op, int batch) {
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < batch; i++) {
            op.getAsLong();
        }
        return mx.getCurrentThreadCpuTime() - start;
    }
}
