package io.reactivenet.samples;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;

/**
 * The JVM memory settings the sample servers give themselves, because {@code java -jar
 * reactive-net-samples.jar chat-server} (the README's command, no flags: a jar's manifest cannot
 * carry JVM options) must not keep hundreds of MiB after a burst of traffic.
 *
 * <p>Why: with no flags the JVM may grow the heap to a quarter of the machine's memory. A burst
 * (thousands of connections joining and leaving the chat, each announced to every member) makes
 * short-lived garbage fast; G1 answers by growing the young generation, and on JDK 17 it gives
 * committed memory back only after a concurrent cycle or a full GC, which a server that falls
 * quiet after the burst never triggers: measured, the resident memory went from 89 MiB to 655 MiB
 * and stayed there, with 9 MiB of live heap (docs/reliability.md, "Memory that comes back").
 *
 * <p>What: {@code G1PeriodicGCInterval} = {@value #PERIODIC_GC_MS} ms (JEP 346): when no collection
 * ran for that long, G1 starts a concurrent cycle, and at its end shrinks the heap to what
 * {@code MaxHeapFreeRatio} allows and returns the rest to the OS; {@code MaxHeapFreeRatio} =
 * {@value #MAX_FREE_PERCENT} (default 70) and {@code MinHeapFreeRatio} = {@value #MIN_FREE_PERCENT}
 * (default 40) make that shrink go down to the used heap plus 43 % (used / 0.7) instead of plus
 * 233 % (used / 0.3). A busy server collects anyway, so the periodic collection only runs when it
 * is quiet; the price is that a quiet server collects every 2 s (pauses of 2–12 ms measured with a
 * 10 MiB live heap on 2 cores), which a sample can afford and a production server would tune. The three flags are "manageable":
 * settable at run time, so no launcher script is needed and the README's {@code java -jar} stays
 * the command. A value given on the command line ({@code -XX:G1PeriodicGCInterval=...}, ...) wins;
 * on a JVM without the flags nothing changes.
 *
 * <p>The heap bound stays the operator's: {@code -Xmx} cannot be set at run time. docs/samples.md
 * shows {@code JDK_JAVA_OPTIONS="-Xmx256m"} for a hard ceiling.
 */
final class MemorySettings {

    /** Quiet time after which G1 runs a concurrent cycle and uncommits the free heap. */
    static final long PERIODIC_GC_MS = 2_000;
    /** After a cycle the heap keeps at most this share free (default 70: 190 MiB used kept 668 MiB)... */
    static final int MAX_FREE_PERCENT = 30;
    /** ... and grows when less than this share is free (default 40, and it must not exceed the maximum). */
    static final int MIN_FREE_PERCENT = 10;

    private MemorySettings() {
    }

    /** Applies the settings unless the command line set them; never fails the sample. */
    static void apply() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            setIfDefault(hotspot, "G1PeriodicGCInterval", Long.toString(PERIODIC_GC_MS));
            // Min before Max: the JVM refuses a maximum below the current minimum.
            if (setIfDefault(hotspot, "MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT))) {
                setIfDefault(hotspot, "MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT));
            }
        } catch (RuntimeException | LinkageError notHotSpot) {
            // Another JVM, or the flag is gone: the JVM's defaults stay.
        }
    }

    private static boolean setIfDefault(HotSpotDiagnosticMXBean hotspot, String flag, String value) {
        VMOption option = hotspot.getVMOption(flag);
        if (option.getOrigin() != VMOption.Origin.DEFAULT) {
            return false;
        }
        hotspot.setVMOption(flag, value);
        return true;
    }
}
