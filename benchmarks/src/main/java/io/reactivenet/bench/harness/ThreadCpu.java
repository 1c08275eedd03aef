package io.reactivenet.bench.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of this process's threads, grouped by a name rule, between two snapshots: where a
 * phase's CPU went (e.g. the server's loops, the clients, or the rest: GC, JIT and the VM, which are
 * the process's CPU time less its Java threads'). A thread that ends between the snapshots is lost;
 * a thread started in between counts from its start. Not thread-safe; for benchmark reports.
 */
public final class ThreadCpu {

    private final Function<String, String> group;
    private final Map<Long, Long> start = new HashMap<>();
    private final long processStart;
    private final long wallStart;
    private final long[] gcStart;
    private final long jitStart;

    private ThreadCpu(Function<String, String> group) {
        this.group = group;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (long id : threads.getAllThreadIds()) {
            start.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        processStart = processCpuNanos();
        gcStart = gc();
        jitStart = jitMillis();
        wallStart = System.nanoTime();
    }

    /** A snapshot now; {@code group} names a thread's group from its name (null: "other"). */
    public static ThreadCpu start(Function<String, String> group) {
        return new ThreadCpu(group);
    }

    /**
     * The CPU since the snapshot, in cores (CPU seconds per second), per group, plus "rest" and
     * "total"; and, not in cores, "gc pauses" and "gc ms" (the collections and the time the collectors
     * report) and "jit ms" (the JIT compilers' time), which tell what the rest was.
     */
    public Map<String, Double> cores() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> nanos = new LinkedHashMap<>();
        long javaThreads = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - start.getOrDefault(info.getThreadId(), 0L);
            String name = group.apply(info.getThreadName());
            nanos.merge(name == null ? "other" : name, used, Long::sum);
            javaThreads += used;
        }
        long process = processCpuNanos() - processStart;
        nanos.put("rest", Math.max(0, process - javaThreads));
        nanos.put("total", process);
        double wall = System.nanoTime() - wallStart;
        Map<String, Double> cores = new LinkedHashMap<>();
        nanos.forEach((k, v) -> cores.put(k, v / wall));
        long[] gc = gc();
        cores.put("gc pauses", (double) (gc[0] - gcStart[0]));
        cores.put("gc ms", (double) (gc[1] - gcStart[1]));
        cores.put("jit ms", (double) (jitMillis() - jitStart));
        return cores;
    }

    /** {@code group 0.12, …}: a report line. */
    public static String format(Map<String, Double> cores) {
        StringBuilder b = new StringBuilder();
        cores.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f", k, v).replaceAll("(ms|pauses) (\\d+)\\.00$", "$1 $2")));
        return b.toString();
    }

    private static long[] gc() {
        long[] sum = new long[2];
        for (java.lang.management.GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum[0] += Math.max(0, bean.getCollectionCount());
            sum[1] += Math.max(0, bean.getCollectionTime());
        }
        return sum;
    }

    private static long jitMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
