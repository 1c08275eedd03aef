package io.reactivenet.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What another JVM on this machine holds: its resident memory ({@code /proc/<pid>/status}), its
 * descriptors ({@code /proc/<pid>/fd}) and, through {@code jcmd}, its live heap after a full GC.
 * Linux and a JDK (jcmd beside java) only.
 */
final class ProcessMemory {

    private static final long MIB = 1024 * 1024;
    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

    /** A heap reading: committed and used, in bytes. */
    record Heap(long committed, long used) {
        @Override
        public String toString() {
            return mib(used) + " live of " + mib(committed) + " committed";
        }
    }

    private ProcessMemory() {
    }

    /** Resident set size (VmRSS), in bytes. */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new AssertionError("no VmRSS in /proc/" + pid + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Open descriptors. */
    static int fds(long pid) {
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The live heap: {@code jcmd <pid> GC.run} (a full collection), then {@code GC.heap_info}. The
     * full GC also shrinks the heap, so read the RSS first when both matter.
     */
    static Heap liveHeapAfterGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP.matcher(info);
        if (!m.find()) {
            throw new AssertionError("unexpected GC.heap_info output:\n" + info);
        }
        return new Heap(Long.parseLong(m.group(1)) * 1024, Long.parseLong(m.group(2)) * 1024);
    }

    /** The soft limit on open descriptors of this process ("Max open files" in /proc/self/limits). */
    static long descriptorLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
            return 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("jcmd " + pid + " " + command + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
