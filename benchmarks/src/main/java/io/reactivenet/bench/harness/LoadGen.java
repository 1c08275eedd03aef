package io.reactivenet.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The harness's load generator: one process, one thread, one NIO selector, the same code for every
 * server under test. It reads commands on stdin and answers each with one line
 * {@code RESULT key=value ...} (or {@code ERROR message}):
 *
 * <ul>
 *   <li>{@code stream <port> <conns> <writeSize> <warmMs> <measureMs>}: every connection writes
 *       {@code writeSize}-byte buffers and reads the echo, at most {@link #window} bytes in flight;
 *       reports echoed bytes per second.
 *   <li>{@code lines <port> <conns> <lineLength> <warmMs> <measureMs>}: the same with buffers made of
 *       whole {@code lineLength}-byte lines (newline included), 64 KiB per write or one line if
 *       longer.
 *   <li>{@code rr <port> <conns> <size> <warmMs> <measureMs>}: request/response, one request of
 *       {@code size} bytes outstanding per connection; reports requests per second and latency
 *       percentiles.
 *   <li>{@code connect <port> <parallel> <size> <warmMs> <measureMs>}: connect, write {@code size}
 *       bytes, read them back, close; {@code parallel} at a time; reports connections per second.
 *   <li>{@code idle <port> <count> <holdMs>}: opens {@code count} connections, echoes one byte on
 *       each, prints {@code IDLE-HELD n=<count>}, holds them {@code holdMs}, closes them.
 * </ul>
 * Every loop ends at its deadline (warm-up plus measure time, or 60 s for opening idle
 * connections), whatever the server does. {@code clientCpu} in a result is this thread's CPU time
 * over the measured wall time: near 1.0 means the load generator, not the server, was the limit.
 */
public final class LoadGen {

    private static final long IDLE_OPEN_LIMIT_NANOS = 60_000_000_000L;
    private static final int LATENCY_CAPACITY = 1 << 22;

    private final PrintStream out;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    LoadGen(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        LoadGen gen = new LoadGen(System.out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("quit")) {
                break;
            }
            try {
                gen.out.println(gen.run(line.split("\\s+")));
            } catch (Exception e) {
                gen.out.println("ERROR " + e.toString().replace('\n', ' '));
            }
            gen.out.flush();
        }
    }

    String run(String[] a) throws IOException, InterruptedException {
        // a port means TCP on 127.0.0.1, a path a Unix domain socket
        SocketAddress address = a[1].startsWith("/")
                ? UnixDomainSocketAddress.of(a[1])
                : new InetSocketAddress("127.0.0.1", Integer.parseInt(a[1]));
        return switch (a[0]) {
            case "stream" -> stream(address, Integer.parseInt(a[2]), Integer.parseInt(a[3]), false,
                    Long.parseLong(a[4]), Long.parseLong(a[5]));
            case "lines" -> stream(address, Integer.parseInt(a[2]), Integer.parseInt(a[3]), true,
                    Long.parseLong(a[4]), Long.parseLong(a[5]));
            case "rr" -> requestResponse(address, Integer.parseInt(a[2]), Integer.parseInt(a[3]),
                    Long.parseLong(a[4]), Long.parseLong(a[5]));
            case "connect" -> connectRate(address, Integer.parseInt(a[2]), Integer.parseInt(a[3]),
                    Long.parseLong(a[4]), Long.parseLong(a[5]));
            case "idle" -> idle(address, Integer.parseInt(a[2]), Long.parseLong(a[3]));
            default -> throw new IllegalArgumentException("unknown command: " + a[0]);
        };
    }

    /** Bytes a stream connection may have written and not yet seen echoed. */
    static int window(int writeSize) {
        return Math.max(4 * writeSize, 16 * 1024);
    }

    // ---------------------------------------------------------------- stream and lines

    private static final class StreamConn {
        final SocketChannel ch;
        final ByteBuffer out;
        long inflight;
        long received;
        boolean partial;

        StreamConn(SocketChannel ch, ByteBuffer out) {
            this.ch = ch;
            this.out = out;
        }
    }

    private String stream(SocketAddress address, int conns, int size, boolean lines, long warmMs, long measureMs)
            throws IOException {
        int writeSize = lines ? Math.max(size, (64 * 1024 / size) * size) : size;
        ByteBuffer pattern = ByteBuffer.allocateDirect(writeSize);
        for (int i = 0; i < writeSize; i++) {
            byte b = (byte) ('a' + i % 26);
            if (lines && i % size == size - 1) {
                b = '\n';
            }
            pattern.put(i, b);
        }
        int window = window(writeSize);
        ByteBuffer readBuf = ByteBuffer.allocateDirect(256 * 1024);
        long errors = 0;
        long corrupt = 0;
        try (Selector selector = Selector.open()) {
            List<StreamConn> all = new ArrayList<>();
            try {
                for (int i = 0; i < conns; i++) {
                    SocketChannel ch = openBlocking(address);
                    StreamConn c = new StreamConn(ch, pattern.duplicate());
                    all.add(c);
                    ch.register(selector, SelectionKey.OP_READ, c);
                }
                for (StreamConn c : all) {
                    fill(c, writeSize, window, selector);
                }
                long start = System.nanoTime();
                long measureFrom = start + warmMs * 1_000_000L;
                long end = measureFrom + measureMs * 1_000_000L;
                long bytes = 0;
                long cpu0 = 0;
                boolean measuring = false;
                long now;
                while ((now = System.nanoTime()) < end) {
                    if (!measuring && now >= measureFrom) {
                        measuring = true;
                        bytes = 0;
                        cpu0 = threads.getCurrentThreadCpuTime();
                    }
                    selector.select(10);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        StreamConn c = (StreamConn) key.attachment();
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isReadable()) {
                            int n;
                            while ((n = c.ch.read(readBuf.clear())) > 0) {
                                // a cheap integrity probe: the first byte of every read must be the
                                // byte sent at that offset (a lost, doubled or altered byte shifts it)
                                if (readBuf.get(0) != pattern.get((int) (c.received % writeSize))) {
                                    corrupt++;
                                }
                                c.received += n;
                                c.inflight -= n;
                                bytes += n;
                            }
                            if (n < 0) {
                                errors++;
                                key.cancel();
                                continue;
                            }
                        }
                        if (key.isValid() && key.isWritable()) {
                            c.partial = false;
                            key.interestOps(SelectionKey.OP_READ);
                        }
                        fill(c, writeSize, window, selector);
                    }
                }
                double seconds = measureMs / 1000.0;
                double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 / seconds;
                double perOp = lines ? size : writeSize;
                return String.format(Locale.ROOT,
                        "RESULT bytes=%d seconds=%.3f mbps=%.2f opsPerSec=%.1f errors=%d corrupt=%d clientCpu=%.3f",
                        bytes, seconds, bytes / seconds / 1e6, bytes / perOp / seconds, errors, corrupt, cpu);
            } finally {
                closeAll(all.stream().map(c -> c.ch).toList());
            }
        }
    }

    /** Writes while the window allows; a partial write waits for OP_WRITE. */
    private static void fill(StreamConn c, int writeSize, int window, Selector selector) throws IOException {
        SelectionKey key = c.ch.keyFor(selector);
        if (key == null || !key.isValid()) {
            return;
        }
        while (!c.partial) {
            if (!c.out.hasRemaining()) {
                if (c.inflight + writeSize > window) {
                    return;
                }
                c.out.clear();
            }
            int n = c.ch.write(c.out);
            c.inflight += n;
            if (c.out.hasRemaining()) {
                c.partial = true;
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }
    }

    // ---------------------------------------------------------------- request/response

    private static final class RrConn {
        final SocketChannel ch;
        final ByteBuffer out;
        long sentAt;
        int got;

        RrConn(SocketChannel ch, ByteBuffer out) {
            this.ch = ch;
            this.out = out;
        }
    }

    private String requestResponse(SocketAddress address, int conns, int size, long warmMs, long measureMs)
            throws IOException {
        ByteBuffer pattern = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            pattern.put(i, (byte) ('A' + i % 26));
        }
        ByteBuffer readBuf = ByteBuffer.allocateDirect(64 * 1024);
        long[] latencies = new long[LATENCY_CAPACITY];
        int recorded = 0;
        long errors = 0;
        try (Selector selector = Selector.open()) {
            List<RrConn> all = new ArrayList<>();
            try {
                for (int i = 0; i < conns; i++) {
                    SocketChannel ch = openBlocking(address);
                    RrConn c = new RrConn(ch, pattern.duplicate());
                    all.add(c);
                    ch.register(selector, SelectionKey.OP_READ, c);
                }
                for (RrConn c : all) {
                    send(c);
                }
                long start = System.nanoTime();
                long measureFrom = start + warmMs * 1_000_000L;
                long end = measureFrom + measureMs * 1_000_000L;
                long requests = 0;
                long cpu0 = 0;
                boolean measuring = false;
                long now;
                while ((now = System.nanoTime()) < end) {
                    if (!measuring && now >= measureFrom) {
                        measuring = true;
                        requests = 0;
                        recorded = 0;
                        cpu0 = threads.getCurrentThreadCpuTime();
                    }
                    selector.select(10);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        RrConn c = (RrConn) key.attachment();
                        if (!key.isValid() || !key.isReadable()) {
                            continue;
                        }
                        int n;
                        boolean closed = false;
                        while ((n = c.ch.read(readBuf.clear())) != 0) {
                            if (n < 0) {
                                closed = true;
                                break;
                            }
                            c.got += n;
                        }
                        if (closed) {
                            errors++;
                            key.cancel();
                            continue;
                        }
                        if (c.got >= size) {
                            long t = System.nanoTime();
                            c.got -= size;
                            requests++;
                            if (recorded < latencies.length) {
                                latencies[recorded++] = t - c.sentAt;
                            }
                            send(c);
                        }
                    }
                }
                double seconds = measureMs / 1000.0;
                double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 / seconds;
                Arrays.sort(latencies, 0, recorded);
                return String.format(Locale.ROOT,
                        "RESULT requests=%d seconds=%.3f opsPerSec=%.1f p50us=%.1f p99us=%.1f p999us=%.1f maxus=%.1f"
                                + " errors=%d clientCpu=%.3f",
                        requests, seconds, requests / seconds, pct(latencies, recorded, 0.50),
                        pct(latencies, recorded, 0.99), pct(latencies, recorded, 0.999),
                        recorded == 0 ? 0.0 : latencies[recorded - 1] / 1000.0, errors, cpu);
            } finally {
                closeAll(all.stream().map(c -> c.ch).toList());
            }
        }
    }

    private static void send(RrConn c) throws IOException {
        c.out.clear();
        c.sentAt = System.nanoTime();
        // a 64-byte write into an empty socket buffer never comes back partial; loop for safety
        for (int i = 0; i < 1000 && c.out.hasRemaining(); i++) {
            c.ch.write(c.out);
        }
    }

    static double pct(long[] sorted, int n, double p) {
        if (n == 0) {
            return 0.0;
        }
        int i = (int) Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));
        return sorted[i] / 1000.0;
    }

    // ---------------------------------------------------------------- connect rate

    private static final class ConnectConn {
        final SocketChannel ch;
        int got;

        ConnectConn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    private String connectRate(SocketAddress address, int parallel, int size, long warmMs, long measureMs)
            throws IOException {
        ByteBuffer pattern = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            pattern.put(i, (byte) ('0' + i % 10));
        }
        ByteBuffer readBuf = ByteBuffer.allocateDirect(64 * 1024);
        long errors = 0;
        try (Selector selector = Selector.open()) {
            try {
                for (int i = 0; i < parallel; i++) {
                    startConnect(address, selector);
                }
                long start = System.nanoTime();
                long measureFrom = start + warmMs * 1_000_000L;
                long end = measureFrom + measureMs * 1_000_000L;
                long done = 0;
                long cpu0 = 0;
                boolean measuring = false;
                long now;
                while ((now = System.nanoTime()) < end) {
                    if (!measuring && now >= measureFrom) {
                        measuring = true;
                        done = 0;
                        errors = 0;
                        cpu0 = threads.getCurrentThreadCpuTime();
                    }
                    selector.select(10);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        ConnectConn c = (ConnectConn) key.attachment();
                        boolean finished = false;
                        boolean failed = false;
                        try {
                            if (key.isValid() && (key.isConnectable() || key.isWritable())) {
                                c.ch.finishConnect();
                                if (address instanceof InetSocketAddress) {
                                    c.ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                                }
                                ByteBuffer out = pattern.duplicate();
                                for (int i = 0; i < 1000 && out.hasRemaining(); i++) {
                                    c.ch.write(out);
                                }
                                key.interestOps(SelectionKey.OP_READ);
                            } else if (key.isValid() && key.isReadable()) {
                                int n;
                                while ((n = c.ch.read(readBuf.clear())) > 0) {
                                    c.got += n;
                                }
                                if (c.got >= size) {
                                    finished = true;
                                } else if (n < 0) {
                                    failed = true;
                                }
                            }
                        } catch (IOException e) {
                            failed = true;
                        }
                        if (finished || failed) {
                            key.cancel();
                            closeQuietly(c.ch);
                            if (finished) {
                                done++;
                            } else {
                                errors++;
                            }
                            startConnect(address, selector);
                        }
                    }
                }
                double seconds = measureMs / 1000.0;
                double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 / seconds;
                return String.format(Locale.ROOT,
                        "RESULT connections=%d seconds=%.3f opsPerSec=%.1f errors=%d clientCpu=%.3f",
                        done, seconds, done / seconds, errors, cpu);
            } finally {
                for (SelectionKey key : selector.keys()) {
                    closeQuietly(key.channel());
                }
            }
        }
    }

    private static void startConnect(SocketAddress address, Selector selector) throws IOException {
        SocketChannel ch = open(address);
        ch.configureBlocking(false);
        ConnectConn c = new ConnectConn(ch);
        try {
            // a loopback connect may complete at once; OP_CONNECT would then never fire, so the
            // selector is asked for OP_WRITE instead, which fires at once and takes the same path
            boolean immediate = ch.connect(address);
            ch.register(selector, immediate ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, c);
        } catch (IOException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    // ---------------------------------------------------------------- idle connections

    private String idle(SocketAddress address, int count, long holdMs) throws IOException, InterruptedException {
        List<SocketChannel> held = new ArrayList<>(count);
        ByteBuffer one = ByteBuffer.allocateDirect(1);
        ByteBuffer readBuf = ByteBuffer.allocateDirect(64);
        long errors = 0;
        long t0 = System.nanoTime();
        try (Selector selector = Selector.open()) {
            try {
                int started = 0;
                int inFlight = 0;
                long deadline = t0 + IDLE_OPEN_LIMIT_NANOS;
                while (held.size() + errors < count && System.nanoTime() < deadline) {
                    while (started < count && inFlight < 256) {
                        SocketChannel ch = open(address);
                        ch.configureBlocking(false);
                        boolean immediate = ch.connect(address);
                        ch.register(selector, immediate ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT,
                                new ConnectConn(ch));
                        started++;
                        inFlight++;
                    }
                    selector.select(10);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        ConnectConn c = (ConnectConn) key.attachment();
                        try {
                            if (key.isValid() && (key.isConnectable() || key.isWritable())) {
                                c.ch.finishConnect();
                                c.ch.write(one.clear());
                                key.interestOps(SelectionKey.OP_READ);
                            } else if (key.isValid() && key.isReadable()) {
                                int n = c.ch.read(readBuf.clear());
                                if (n > 0) {
                                    key.cancel();
                                    held.add(c.ch);
                                    inFlight--;
                                } else if (n < 0) {
                                    throw new IOException("closed by server");
                                }
                            }
                        } catch (IOException e) {
                            key.cancel();
                            closeQuietly(c.ch);
                            errors++;
                            inFlight--;
                        }
                    }
                }
                double openSeconds = (System.nanoTime() - t0) / 1e9;
                out.println("IDLE-HELD n=" + held.size());
                out.flush();
                Thread.sleep(holdMs);
                return String.format(Locale.ROOT, "RESULT held=%d errors=%d openSeconds=%.3f",
                        held.size(), errors, openSeconds);
            } finally {
                for (SelectionKey key : selector.keys()) {
                    closeQuietly(key.channel());
                }
                closeAll(held);
            }
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static SocketChannel openBlocking(SocketAddress address) throws IOException {
        SocketChannel ch = open(address);
        try {
            if (address instanceof InetSocketAddress) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            ch.connect(address);
            ch.configureBlocking(false);
            return ch;
        } catch (IOException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static SocketChannel open(SocketAddress address) throws IOException {
        return address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
    }

    private static void closeAll(List<SocketChannel> channels) {
        for (SocketChannel ch : channels) {
            closeQuietly(ch);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do: the harness only needs the channel gone
        }
    }
}
