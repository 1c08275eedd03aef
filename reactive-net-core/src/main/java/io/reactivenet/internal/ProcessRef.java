package io.reactivenet.internal;

import org.jspecify.annotations.Nullable;

/**
 * Node's ref()/unref(), that is whether open servers and sockets keep the process alive (nothing to
 * do with TCP keep-alive): while at least one ref'd server or socket is open, one non-daemon thread
 * waits, so the JVM does not exit. Event loop threads themselves are daemons. Thread-safe.
 */
public final class ProcessRef {
    private static final Object LOCK = new Object();
    private static int refs;
    private static @Nullable Thread keeper;

    private ProcessRef() {
    }

    public static void ref() {
        synchronized (LOCK) {
            refs++;
            if (keeper == null) {
                keeper = new Thread(ProcessRef::await, "reactive-net-process-ref");
                keeper.setDaemon(false);
                keeper.start();
            }
        }
    }

    public static void unref() {
        synchronized (LOCK) {
            if (refs > 0 && --refs == 0) {
                LOCK.notifyAll();
            }
        }
    }

    /** How many ref'd servers and sockets are open (for tests). */
    public static int refs() {
        synchronized (LOCK) {
            return refs;
        }
    }

    private static void await() {
        synchronized (LOCK) {
            while (refs > 0) {
                try {
                    LOCK.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            keeper = null;
        }
    }
}
