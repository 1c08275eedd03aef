package io.reactivenet.internal;

/**
 * Node's ref()/unref(): while at least one ref'd server or socket is open, one non-daemon thread
 * waits, so the JVM does not exit. Event loop threads themselves are daemons.
 */
public final class KeepAlive {
    private static final Object LOCK = new Object();
    private static int refs;
    private static Thread keeper;

    private KeepAlive() {
    }

    public static void ref() {
        synchronized (LOCK) {
            refs++;
            if (keeper == null) {
                keeper = new Thread(KeepAlive::await, "reactive-net-keepalive");
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
