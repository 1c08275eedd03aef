package io.reactivenet.bench;

import io.reactivenet.BlockList;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link BlockList#check} throughput at 10, 1,000 and 100,000 rules. The rules and probes come
 * from the same xorshift32 sequence as {@code benchmarks/node/blocklist-check.js}, which measures
 * Node's {@code BlockList.check} on the identical rule set:
 * {@code node benchmarks/node/blocklist-check.js}.
 *
 * <p>Rules: a third single IPv4 addresses, a third IPv4 ranges of up to 256 addresses, a third
 * IPv4 subnets (/16 to /30), every tenth rule IPv6 instead. Probes: 1,024 IPv4 addresses, half of
 * them drawn from inside the rules.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlockListBenchmark {

    @Param({"10", "1000", "100000"})
    public int rules;

    private BlockList list;
    private String[] probes;
    private InetAddress[] probeAddresses;
    private int next;

    /** Same generator as the node script. */
    static final class XorShift32 {
        private int x;

        XorShift32(int seed) {
            x = seed;
        }

        long next() {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            return x & 0xffff_ffffL;
        }
    }

    static String v4(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    static String v6(long a, long b) {
        return Long.toHexString(0x2000 | (a >>> 20)) + ":" + Long.toHexString(a & 0xffff) + "::" + Long.toHexString(b & 0xffff);
    }

    @Setup(Level.Trial)
    public void setUp() throws UnknownHostException {
        list = new BlockList();
        XorShift32 random = new XorShift32(0x2545F491);
        long[] inside = new long[rules];
        for (int i = 0; i < rules; i++) {
            long a = random.next();
            if (i % 10 == 9) {
                list.addAddress(v6(a, random.next()), "ipv6");
                inside[i] = a;
                continue;
            }
            switch (i % 3) {
                case 0:
                    list.addAddress(v4(a));
                    break;
                case 1:
                    long end = Math.min(0xffff_ffffL, a + (random.next() & 0xff));
                    list.addRange(v4(a), v4(end));
                    break;
                default:
                    list.addSubnet(v4(a), 16 + (int) (random.next() % 15));
            }
            inside[i] = a;
        }
        probes = new String[1024];
        probeAddresses = new InetAddress[1024];
        for (int i = 0; i < probes.length; i++) {
            long p = (i % 2 == 0) ? inside[(int) (random.next() % rules)] : random.next();
            probes[i] = v4(p);
            probeAddresses[i] = InetAddress.getByName(probes[i]);
        }
    }

    @Benchmark
    public boolean checkString() {
        int i = next++ & 1023;
        return list.check(probes[i]);
    }

    @Benchmark
    public boolean checkInetAddress() {
        int i = next++ & 1023;
        return list.check(probeAddresses[i]);
    }
}
