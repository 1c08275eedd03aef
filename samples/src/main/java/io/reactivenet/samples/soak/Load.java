package io.reactivenet.samples.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The clients of a soak, on plain blocking JDK sockets (the load must not depend on the library it
 * measures): idle connections that are opened and then left alone, churn workers that each connect,
 * send a few bytes, check the echo and close (every fourth with an RST), and request/response
 * connections that each send a request and check its echo before the next. Traffic is paced to a
 * fixed rate, so a slow server shows up as missed pace, not as a load that grows to fill the machine.
 * Every echo is compared byte for byte; every failure is counted and the first few are kept.
 */
final class Load {

    /** Connect and read timeout: a server that does not answer within it is a failure, not a wait. */
    private static final int TIMEOUT_MS = 15_000;
    private static final int CHURN_BYTES = 64;
    private static final int REQUEST_BYTES = 128;

    private final InetSocketAddress target;
    private final List<Socket> idle = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final List<Socket> rrSockets = new ArrayList<>();
    private volatile boolean running;
    private volatile int idleOpen;

    final AtomicLong churnOps = new AtomicLong();
    final AtomicLong rrOps = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();

    Load(InetSocketAddress target) {
        this.target = target;
    }

    /** Opens {@code n} more idle connections, one after another; returns how many are open. */
    int openIdle(int n) {
        for (int i = 0; i < n; i++) {
            try {
                idle.add(connect());
                idleOpen = idle.size();
            } catch (IOException e) {
                error("idle connect #" + idle.size(), e);
            }
        }
        return idle.size();
    }

    /** Idle connections open now (read by the sampler thread). */
    int idleCount() {
        return idleOpen;
    }

    /** Starts churn and request/response traffic at the given rates (per second, all threads together). */
    void startTraffic(int churnRate, int churnWorkers, int rrRate, int rrConnections) throws IOException {
        running = true;
        if (churnRate > 0) {
            for (int w = 0; w < churnWorkers; w++) {
                long period = 1_000_000_000L * churnWorkers / churnRate;
                int seed = w;
                start("soak-churn-" + w, () -> churn(period, seed));
            }
        }
        if (rrRate > 0) {
            for (int r = 0; r < rrConnections; r++) {
                Socket s = connect();
                rrSockets.add(s);
                long period = 1_000_000_000L * rrConnections / rrRate;
                int seed = 1000 + r;
                start("soak-rr-" + r, () -> requestResponse(s, period, seed));
            }
        }
    }

    /** Stops the traffic threads and closes the request/response connections; waits for the threads. */
    void stopTraffic() throws InterruptedException {
        running = false;
        for (Thread t : workers) {
            t.join(TIMEOUT_MS * 2L);
        }
        workers.clear();
        for (Socket s : rrSockets) {
            closeQuietly(s);
        }
        rrSockets.clear();
    }

    /**
     * Checks that every idle connection is still served: one byte out, the same byte back. Returns
     * the number that failed (each also counted as an error).
     */
    int verifyIdle() {
        int failed = 0;
        for (int i = 0; i < idle.size(); i++) {
            Socket s = idle.get(i);
            try {
                s.getOutputStream().write(i & 0x7f);
                int b = s.getInputStream().read();
                if (b != (i & 0x7f)) {
                    throw new IOException("idle connection #" + i + " echoed " + b + " instead of " + (i & 0x7f));
                }
            } catch (IOException e) {
                failed++;
                error("idle echo #" + i, e);
            }
        }
        return failed;
    }

    /** Closes the idle connections (the clients leave). */
    void closeIdle() {
        for (int i = 0; i < idle.size(); i++) {
            closeQuietly(idle.get(i));
            idleOpen = idle.size() - i - 1;
        }
        idle.clear();
    }

    List<String> firstErrors() {
        return List.copyOf(firstErrors);
    }

    /** Stops everything and closes every connection. */
    void close() throws InterruptedException {
        stopTraffic();
        closeIdle();
    }

    private void churn(long period, int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] out = new byte[CHURN_BYTES];
        byte[] in = new byte[CHURN_BYTES];
        long next = System.nanoTime();
        long n = 0;
        while (running) {
            next = pace(next, period);
            random.nextBytes(out);
            Socket s = null;
            try {
                s = connect();
                s.getOutputStream().write(out);
                readFully(s.getInputStream(), in);
                if (!Arrays.equals(out, in)) {
                    throw new IOException("churn echo differs from what was sent");
                }
                if (++n % 4 == 0) {
                    s.setSoLinger(true, 0);       // every fourth leaves with an RST, the rest with a FIN
                }
                churnOps.incrementAndGet();
            } catch (IOException e) {
                error("churn", e);
            } finally {
                if (s != null) {
                    closeQuietly(s);
                }
            }
        }
    }

    private void requestResponse(Socket s, long period, int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] out = new byte[REQUEST_BYTES];
        byte[] in = new byte[REQUEST_BYTES];
        long next = System.nanoTime();
        try {
            OutputStream o = s.getOutputStream();
            InputStream i = s.getInputStream();
            while (running) {
                next = pace(next, period);
                random.nextBytes(out);
                o.write(out);
                readFully(i, in);
                if (!Arrays.equals(out, in)) {
                    throw new IOException("reply differs from its request");
                }
                rrOps.incrementAndGet();
            }
        } catch (IOException e) {
            if (running) {
                error("request/response " + Thread.currentThread().getName(), e);
            }
        }
    }

    /** Parks until the next tick; a worker that fell more than a second behind starts afresh, no burst. */
    private static long pace(long next, long period) {
        long now = System.nanoTime();
        long tick = next + period;
        if (tick - now > 0) {
            LockSupport.parkNanos(tick - now);
            return tick;
        }
        return now - tick > 1_000_000_000L ? now : tick;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(target, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        }
    }

    private static void readFully(InputStream in, byte[] b) throws IOException {
        int n = 0;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                throw new IOException("end of stream after " + n + " of " + b.length + " bytes");
            }
            n += r;
        }
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        workers.add(t);
        t.start();
    }

    private void error(String what, Exception e) {
        errors.incrementAndGet();
        if (firstErrors.size() < 10) {
            firstErrors.add(what + ": " + e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all that is left to do with it
        }
    }
}
