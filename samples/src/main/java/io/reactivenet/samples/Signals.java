package io.reactivenet.samples;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGINT or SIGTERM. Signal handlers instead of shutdown hooks, so that a sample closes
 * its server gracefully on the main thread and then exits with status 0 (a JVM stopped by a signal
 * through its hooks exits 130/143).
 */
final class Signals {

    private Signals() {
    }

    /** Installs the handlers; the returned latch opens on the first SIGINT or SIGTERM. */
    static CountDownLatch onStop() {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        return stop;
    }
}
