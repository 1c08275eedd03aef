package io.reactivenet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivenet.ListeningServer;
import io.reactivenet.Net;
import io.reactivenet.NetException;
import io.reactivenet.ServerEvent;
import io.reactivenet.ServerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Accept failures reach the caller: a child JVM with a descriptor limit of 256 runs an echo
 * server; 400 clients exhaust its descriptors; EMFILE arrives as a ServerEvent.Error and in
 * {@code reactivenet.server.accept.errors}, the child does not spin while saturated (under 10 % CPU,
 * and no thread of it always runnable), and once the clients close, it accepts and echoes again.
 */
@EnabledOnOs(OS.LINUX)
class EmfileIT {

    private static final Duration T = Duration.ofSeconds(20);

    /** The child: an echo server that prints its port, each server error's code, and the accept-error count. */
    public static void main(String[] args) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ListeningServer server = Net.createServer(ServerOptions.defaults().metrics(registry),
                s -> s.send(s.inbound())).listen(0, "127.0.0.1").block(T);
        // Looked up now: under EMFILE the child cannot load the classes a registry search needs.
        io.micrometer.core.instrument.Counter emfile =
                registry.get("reactivenet.server.accept.errors").tag("code", "EMFILE").counter();
        server.events().ofType(ServerEvent.Error.class).subscribe(e -> {
            String code = e.error() instanceof NetException n ? n.code() : e.error().toString();
            System.out.println("error " + code + " " + (long) emfile.count());
            System.out.flush();
        });
        System.out.println("listening " + server.address().port());
        System.out.flush();
        server.onClose().block();
    }

    @Test
    void emfileIsReportedAndTheServerRecovers() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of("bash", "-c", "ulimit -n 256 && exec \"$0\" -cp \"$1\" \"$2\"",
                java.toString(), cp, EmfileIT.class.getName())).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (Exception ignored) {
                // the child ended
            }
        }, "emfile-child-reader");
        reader.setDaemon(true);
        reader.start();
        List<Socket> clients = new ArrayList<>();
        try {
            int port = Integer.parseInt(next(lines, "listening ").substring("listening ".length()));
            for (int i = 0; i < 400; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                clients.add(s);
            }
            String error = next(lines, "error ");
            assertThat(error).startsWith("error EMFILE ");
            assertThat(Long.parseLong(error.split(" ")[2])).as("counted in accept.errors").isPositive();

            // No accept spin while saturated. Measured from 1 s after the first EMFILE, so that the
            // child's JIT and GC after the burst of accepts are mostly done, over a 4 s window: Netty
            // pauses accepting for a second after a failure, so the child sleeps almost all the time
            // (under 1 % of a core); a spinning acceptor burns a whole core (~100 %). A busy machine
            // only gives the child less CPU, never more, so the bound cannot fail from noise.
            drainReports(lines, Duration.ofSeconds(1));
            long ticksBefore = cpuTicks(child.pid());
            Map<String, Long> runnableBefore = runnableNanos(child.pid());
            long windowStart = System.nanoTime();
            int reports = drainReports(lines, Duration.ofSeconds(4));
            long ticksAfter = cpuTicks(child.pid());
            Map<String, Long> runnableAfter = runnableNanos(child.pid());
            long windowNanos = System.nanoTime() - windowStart;
            double windowSeconds = windowNanos / 1e9;
            double cpuShare = (ticksAfter - ticksBefore) / (double) clockTicksPerSecond() / windowSeconds;
            String busiest = "none";
            long runnable = 0;
            for (Map.Entry<String, Long> t : runnableAfter.entrySet()) {
                long r = t.getValue() - runnableBefore.getOrDefault(t.getKey(), 0L);
                if (r > runnable) {
                    runnable = r;
                    busiest = t.getKey();
                }
            }
            double runnableShare = runnable / (double) windowNanos;
            System.out.printf("EmfileIT: %d EMFILE reports, %.1f %% CPU, busiest thread (%s) runnable %.1f %%"
                    + " in a %.1f s saturated window%n", reports, cpuShare * 100, busiest, runnableShare * 100,
                    windowSeconds);
            assertThat(cpuShare).as("the child's CPU share while saturated (no accept spin)").isLessThan(0.10);
            // On a machine so busy that a spinning child gets under 10 % of a core, the CPU share
            // would pass a spin; the runnable share of its busiest thread does not depend on load:
            // a spinning thread is always running or waiting to run (~100 %), a sleeping one is not.
            assertThat(runnableShare).as("runnable share of the child's busiest thread while saturated (no accept spin)")
                    .isLessThan(0.5);
            assertThat(reports).as("EMFILE reports in 4 s while saturated (no accept spin)").isLessThanOrEqualTo(12);

            for (Socket s : clients) {
                s.close();
            }
            clients.clear();
            String echoed = echoOnce(port);
            assertThat(echoed).isEqualTo("ping");
        } finally {
            clients.forEach(s -> {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            });
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
            child.destroyForcibly();
        }
    }

    /** Reads the child's lines for {@code d} (pacing: the window is the measurement); the number of EMFILE reports. */
    private static int drainReports(BlockingQueue<String> lines, Duration d) throws InterruptedException {
        int reports = 0;
        long end = System.nanoTime() + d.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            String l = lines.poll(left, TimeUnit.NANOSECONDS);
            if (l != null && l.startsWith("error EMFILE ")) {
                reports++;
            }
        }
        return reports;
    }

    /**
     * CPU time the process {@code pid} has used, user plus system, in clock ticks (fields 14 and 15
     * of /proc/pid/stat, summed over its threads). Checks that {@code pid} is the JVM: the child is
     * started through bash, which must have exec'd java, or we would measure an idle shell.
     */
    private static long cpuTicks(long pid) throws java.io.IOException {
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip()).as("child process")
                .isEqualTo("java");
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // f[0] is field 3 (state)
    }

    /**
     * Per thread of {@code pid} ("tid name"), the nanoseconds it has been running or waiting to run
     * (fields 1 and 2 of /proc/pid/task/tid/schedstat): unlike CPU time, a spinning thread accrues
     * its whole wall time here however busy the machine is, since it is always runnable.
     */
    private static Map<String, Long> runnableNanos(long pid) throws java.io.IOException {
        Map<String, Long> byThread = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String[] f = Files.readString(task.resolve("schedstat")).strip().split(" ");
                    String name = Files.readString(task.resolve("comm")).strip();
                    byThread.put(task.getFileName() + " " + name, Long.parseLong(f[0]) + Long.parseLong(f[1]));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // the thread ended between listing and reading: it is not spinning
                }
            }
        }
        return byThread;
    }

    /** The kernel's USER_HZ, the unit of /proc/pid/stat times, from {@code getconf CLK_TCK}. */
    private static long clockTicksPerSecond() throws Exception {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("getconf CLK_TCK ended").isTrue();
        assertThat(p.exitValue()).as("getconf CLK_TCK: " + out).isZero();
        return Long.parseLong(out);
    }

    /** Connects and echoes once, retrying while the child still works through the closed backlog. */
    private static String echoOnce(int port) throws Exception {
        long deadline = System.nanoTime() + T.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                s.setSoTimeout(5_000);
                s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[4];
                int n = s.getInputStream().readNBytes(buf, 0, 4);
                if (n == 4) {
                    return new String(buf, StandardCharsets.US_ASCII);
                }
            } catch (java.io.IOException e) {
                last = e;
            }
        }
        throw new AssertionError("no echo within " + T, last);
    }

    private static String next(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String l = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
            if (l != null) {
                seen.add(l);
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "'; child said: " + seen);
    }
}
