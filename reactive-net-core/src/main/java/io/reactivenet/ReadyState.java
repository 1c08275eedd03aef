package io.reactivenet;

/**
 * Node's {@code socket.readyState}: where a socket is in its life.
 */
public enum ReadyState {
    /** Connecting: no bytes can flow yet. */
    OPENING,
    /** Both directions open. */
    OPEN,
    /** We ended our side (FIN sent); the peer may still send. */
    READ_ONLY,
    /** The peer ended its side (FIN received); we may still write (allowHalfOpen). */
    WRITE_ONLY,
    /** Destroyed or fully closed. */
    CLOSED;

    /** The string Node prints: {@code "opening"}, {@code "open"}, {@code "readOnly"}, {@code "writeOnly"}, {@code "closed"}. */
    public String nodeName() {
        return switch (this) {
            case OPENING -> "opening";
            case OPEN -> "open";
            case READ_ONLY -> "readOnly";
            case WRITE_ONLY -> "writeOnly";
            case CLOSED -> "closed";
        };
    }
}
