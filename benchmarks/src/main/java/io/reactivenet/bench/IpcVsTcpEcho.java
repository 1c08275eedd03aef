package io.reactivenet.bench;

import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetSocket;
import io.reactivenet.ipc.Ipc;
import io.reactivenet.ipc.IpcConnectOptions;
import io.reactivenet.ipc.IpcListenOptions;
import io.reactivenet.Transport;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Echo throughput of our server over a Unix domain socket (epoll and NIO) against TCP loopback, in
 * one process and one run: one client streams N MiB in 64 KiB chunks through an echo server and
 * reads every byte back. Rounds are interleaved (tcp, unix-epoll, unix-nio, tcp, ...) so that
 * machine noise hits every transport alike; the median of the rounds is reported.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> io.reactivenet.bench.IpcVsTcpEcho [MiB=256] [rounds=5]}.
 * Not a JMH benchmark: one round moves hundreds of MiB, which JMH's per-invocation timing adds
 * nothing to.
 */
public final class IpcVsTcpEcho {

    private static final int CHUNK = 64 * 1024;
    private static final Duration T = Duration.ofMinutes(2);

    private IpcVsTcpEcho() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long total = (long) mib * 1024 * 1024;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        for (int i = 0; i < CHUNK; i++) {
            chunk.put(i, (byte) i);
        }
        Path dir = Files.createTempDirectory("ipc-bench");
        Map<String, Supplier<Mono<ListeningServer>>> servers = new LinkedHashMap<>();
        servers.put("tcp 127.0.0.1", () -> Net.createServer(s -> s.send(s.inbound())).listen(0, "127.0.0.1"));
        servers.put("unix epoll", () -> Ipc.createServer(s -> s.send(s.inbound()))
                .listen(IpcListenOptions.path(dir.resolve("epoll.sock")).transport(Transport.EPOLL)));
        servers.put("unix nio", () -> Ipc.createServer(s -> s.send(s.inbound()))
                .listen(IpcListenOptions.path(dir.resolve("nio.sock")).transport(Transport.NIO)));
        Map<String, List<Double>> results = new LinkedHashMap<>();
        servers.keySet().forEach(k -> results.put(k, new ArrayList<>()));
        try {
            // One warm-up round each, not reported.
            for (var e : servers.entrySet()) {
                round(e.getKey(), e.getValue(), Math.min(total, 64L * 1024 * 1024), chunk);
            }
            for (int r = 0; r < rounds; r++) {
                for (var e : servers.entrySet()) {
                    double mbs = round(e.getKey(), e.getValue(), total, chunk);
                    results.get(e.getKey()).add(mbs);
                    System.out.printf(Locale.ROOT, "round %d %-14s %8.1f MiB/s%n", r + 1, e.getKey(), mbs);
                }
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        double tcp = median(results.get("tcp 127.0.0.1"));
        System.out.printf(Locale.ROOT,
                "%nEcho of %d MiB, one connection, 64 KiB writes, median of %d rounds (JDK %s, %d cores, load %.1f)%n",
                mib, rounds, System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| transport | MiB/s (median) | vs TCP loopback |");
        System.out.println("|---|---|---|");
        for (var e : results.entrySet()) {
            double m = median(e.getValue());
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.2fx |%n", e.getKey(), m, m / tcp);
        }
    }

    /** One echo of {@code total} bytes; MiB/s counted on bytes echoed back. */
    private static double round(String name, Supplier<Mono<ListeningServer>> start, long total, ByteBuffer chunk) {
        ListeningServer server = start.get().block(T);
        try {
            NetSocket client = (server.path() != null
                    ? Ipc.connect(IpcConnectOptions.path(server.path())
                            .transport(name.contains("nio") ? Transport.NIO : Transport.EPOLL))
                    : Net.connect(server.address().port(), "127.0.0.1")).block(T);
            int n = (int) (total / CHUNK);
            AtomicLong back = new AtomicLong();
            long t0 = System.nanoTime();
            Mono<Void> read = client.inbound().doOnNext(b -> back.addAndGet(b.remaining()))
                    .takeUntil(b -> back.get() >= total).then();
            Mono<Void> write = client.send(Flux.range(0, n).map(i -> chunk.duplicate()));
            Mono.when(read, write).block(T);
            long nanos = System.nanoTime() - t0;
            if (back.get() != total) {
                throw new IllegalStateException(name + ": echoed " + back.get() + " of " + total + " bytes");
            }
            client.destroy();
            client.onClose().block(T);
            return total / 1048576.0 / (nanos / 1e9);
        } finally {
            server.closeNow().block(T);
        }
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? Double.NaN : (a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2);
    }

}
