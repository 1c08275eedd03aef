package io.reactivenet.samples.soak;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jspecify.annotations.Nullable;

/**
 * Reads the four figures of the server process from outside: resident memory ({@code VmRSS}) and
 * threads from {@code /proc/<pid>/status}, open descriptors by listing {@code /proc/<pid>/fd}, and
 * the heap through the JVM's own management beans, reached over the attach API's local JMX agent
 * (no port, no flag on the server's command line).
 *
 * <p>Why JMX rather than {@code jcmd GC.heap_info} or {@code jstat}: one connection, opened once,
 * answers every second without starting a JVM per sample (which would cost more CPU than the server
 * on a 2-core machine), and it gives the heap after a collection as the collector reports it
 * ({@code LastGcInfo}), not a used-space figure that includes garbage. The agent adds a few threads
 * and descriptors to the server (attach listener, RMI); they appear before the baseline is taken and
 * stay, so they cancel out. The client-side heartbeat is switched off so that the agent does not open
 * a second RMI connection (and with it a server thread) at random moments.
 */
final class ServerProbe implements AutoCloseable {

    private final long pid;
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final List<GarbageCollectorMXBean> collectors;
    private final Set<String> heapPools;

    private ServerProbe(long pid, JMXConnector connector, MBeanServerConnection mbs) throws IOException {
        this.pid = pid;
        this.connector = connector;
        this.memory = ManagementFactory.newPlatformMXBeanProxy(mbs, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        this.collectors = ManagementFactory.getPlatformMXBeans(mbs, GarbageCollectorMXBean.class);
        this.heapPools = ManagementFactory.getPlatformMXBeans(mbs, MemoryPoolMXBean.class).stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
    }

    /** Attaches to the JVM {@code pid} (same user) and connects to its local management agent. */
    static ServerProbe attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address),
                Map.of("jmx.remote.x.client.connection.check.period", 0L));
        try {
            return new ServerProbe(pid, c, c.getMBeanServerConnection());
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The figures read in one go; heap figures in bytes, -1 where no collection has happened yet. */
    record Reading(long rssBytes, long heapUsed, long heapAfterGc, int fds, int threads, int gcJitThreads) {
    }

    /** Reads every figure; {@code heapAfterGc} is the heap after the newest collection of any kind. */
    Reading read() throws IOException {
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        int gcJit = (int) threadNames().stream().filter(ServerProbe::gcOrJitWorker).count();
        return new Reading(rss, memory.getHeapMemoryUsage().getUsed(), heapAfterNewestGc(), fds(), threads, gcJit);
    }

    /**
     * The JVM's GC and JIT worker threads, which it starts when work calls for them (G1 starts a
     * second refinement thread only under enough dirty-card pressure, for example) and keeps:
     * counted apart so that one of them starting during the load is not taken for a leak.
     */
    static boolean gcOrJitWorker(String comm) {
        return comm.startsWith("GC Thread#") || comm.startsWith("G1 Conc#") || comm.startsWith("G1 Refine#")
                || comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    /**
     * Forces a full collection in the server ({@code System.gc()}: with G1 a full, compacting
     * collection that also shrinks the committed heap) and returns the heap left after it: the live heap.
     */
    LiveHeap liveHeapAfterFullGc() {
        memory.gc();
        GcInfo info = newestGc();
        long after = heapAfter(info);
        return new LiveHeap(after >= 0 ? after : memory.getHeapMemoryUsage().getUsed(),
                info == null ? -1 : info.getDuration());
    }

    /** The heap left after a forced full collection, in bytes, and how long that collection took. */
    record LiveHeap(long bytes, long gcMillis) {
    }

    private long heapAfterNewestGc() {
        return heapAfter(newestGc());
    }

    private @Nullable GcInfo newestGc() {
        @Nullable GcInfo newest = null;
        for (GarbageCollectorMXBean gc : collectors) {
            GcInfo info = gc.getLastGcInfo();
            if (info != null && (newest == null || info.getEndTime() > newest.getEndTime())) {
                newest = info;
            }
        }
        return newest;
    }

    private long heapAfter(@Nullable GcInfo gc) {
        if (gc == null) {
            return -1;
        }
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> e : gc.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }

    private int fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) s.count();
        } catch (NoSuchFileException gone) {
            return -1;
        }
    }

    /** The thread names of the server ({@code /proc/<pid>/task/<tid>/comm}, 15 characters), for reports. */
    List<String> threadNames() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return s.map(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip();
                } catch (IOException gone) {
                    return "?";
                }
            }).sorted().collect(Collectors.toList());
        }
    }

    /** The targets of the server's descriptors ({@code socket:[inode]}, jar paths...), for reports. */
    List<String> descriptorTargets() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.map(fd -> {
                try {
                    String t = Files.readSymbolicLink(fd).toString();
                    return t.startsWith("socket:") ? "socket" : t;
                } catch (IOException gone) {
                    return "?";
                }
            }).sorted().collect(Collectors.toList());
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
