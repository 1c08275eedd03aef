package io.reactivenet.testing.chaos;

/**
 * A destructive fault: what the {@link ChaosProxy} does to a connection once one direction has
 * forwarded a given number of bytes.
 */
public enum Cut {
    /** No destructive fault: every byte is forwarded, and each end's FIN is passed on. */
    NONE,
    /**
     * Half-close: the proxy shuts down its output towards the receiver (the receiver reads a FIN
     * after exactly the bytes forwarded so far), then reads and discards what the sender still sends.
     * The other direction carries on.
     */
    HALF_CLOSE,
    /** Reset: both of the proxy's sockets are closed with SO_LINGER 0, so both ends get an RST. */
    RESET
}
