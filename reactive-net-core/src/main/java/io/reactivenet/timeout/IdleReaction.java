package io.reactivenet.timeout;

/** What an idle timeout does when it fires. */
public enum IdleReaction {
    /** Emit on {@code timeouts()} and keep the socket open: Node's {@code 'timeout'} event. */
    SIGNAL,
    /** Emit, then destroy the socket with an {@link IdleTimeoutException} naming the peer and the duration. */
    CLOSE
}
