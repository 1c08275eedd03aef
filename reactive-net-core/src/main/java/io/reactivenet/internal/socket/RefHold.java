package io.reactivenet.internal.socket;

import io.reactivenet.internal.ProcessRef;

/**
 * Whether one socket keeps the process alive (Node's {@code socket.ref()}/{@code unref()}): at most
 * one {@link ProcessRef} reference per socket, given back when the socket closes. A closed socket
 * neither takes nor holds one, so ref/unref after close do nothing. Thread-safe (ref and unref come
 * from any thread, the close from the event loop).
 */
final class RefHold {

    private boolean refd;
    private boolean closed;

    /** Holds the process, unless already held or closed. */
    synchronized void ref() {
        if (!closed && !refd) {
            refd = true;
            ProcessRef.ref();
        }
    }

    /** Stops holding the process, if held. */
    synchronized void unref() {
        if (refd) {
            refd = false;
            ProcessRef.unref();
        }
    }

    /** The channel closed: give the reference back for good. */
    synchronized void closed() {
        closed = true;
        unref();
    }

    synchronized boolean refd() {
        return refd;
    }
}
