package io.reactivenet.samples.soak;

import java.util.Locale;

/**
 * One second of a soak: the server's figures and the load at that moment.
 *
 * @param t seconds since the server was started
 * @param phase warmup, settle, ramp, load, drain or recovery
 * @param rssMiB resident memory ({@code VmRSS})
 * @param heapUsedMiB heap in use, garbage included
 * @param heapAfterGcMiB heap after the newest collection of any kind
 * @param liveHeapMiB heap after the newest full collection the sampler forced (carried over between them)
 * @param fds open descriptors of the server
 * @param threads threads of the server
 * @param gcJitThreads of those, the JVM's own GC and JIT compiler workers, which it starts on demand
 *     (up to counts its flags bound: ParallelGCThreads, ConcGCThreads, G1ConcRefinementThreads,
 *     CICompilerCount) and never ends
 * @param idle idle client connections open
 * @param churnOps connect/echo/close cycles so far
 * @param rrOps requests answered so far
 * @param errors client failures so far (connect, timeout, wrong echo)
 * @param fullGcMs how long the newest forced full collection took (the price of the live-heap figure)
 */
record Sample(double t, String phase, double rssMiB, double heapUsedMiB, double heapAfterGcMiB, double liveHeapMiB,
        int fds, int threads, int gcJitThreads, int idle, long churnOps, long rrOps, long errors,
        double fullGcMs) {

    static final String HEADER =
            "t_s,phase,rss_mib,heap_used_mib,heap_after_gc_mib,live_heap_mib,fds,threads,gc_jit_threads,idle_conns,"
            + "churn_ops,rr_ops,errors,full_gc_ms";

    String csv() {
        return String.format(Locale.ROOT, "%.1f,%s,%.1f,%.1f,%.1f,%.1f,%d,%d,%d,%d,%d,%d,%d,%.0f", t, phase,
                rssMiB, heapUsedMiB, heapAfterGcMiB, liveHeapMiB, fds, threads, gcJitThreads, idle, churnOps, rrOps,
                errors, fullGcMs);
    }

    static Sample parse(String line) {
        String[] f = line.split(",");
        return new Sample(Double.parseDouble(f[0]), f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]),
                Integer.parseInt(f[8]), Integer.parseInt(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]),
                Long.parseLong(f[12]), Double.parseDouble(f[13]));
    }

    /** The threads that are not the JVM's own on-demand GC and JIT workers: the server's and the JVM's fixed ones. */
    int otherThreads() {
        return threads - gcJitThreads;
    }
}
