package io.reactivenet;

import java.util.List;
import java.util.Objects;

/**
 * Every connection attempt failed: one error per attempt, in the order the attempts were started.
 * {@link #code()} is the code of the last attempt's error (e.g. {@code ECONNREFUSED}); each error
 * is also attached as a suppressed exception, so stack traces show them all.
 *
 * <p>Node counterpart: the {@code AggregateError} a Happy Eyeballs connect ({@code autoSelectFamily})
 * fails with, whose {@code errors} are the attempts' errors. Immutable.
 */
public class NetAggregateException extends NetException {

    private final List<NetException> errors;
    private final List<String> attemptedAddresses;

    public NetAggregateException(String message, List<? extends NetException> errors) {
        this(message, errors, List.of());
    }

    /** With Node's {@code autoSelectFamilyAttemptedAddresses} of the socket that failed to connect. */
    public NetAggregateException(String message, List<? extends NetException> errors, List<String> attemptedAddresses) {
        super(last(errors).code(), message, "connect", last(errors).address(), last(errors).port(), null);
        this.errors = List.copyOf(errors);
        this.attemptedAddresses = List.copyOf(attemptedAddresses);
        this.errors.forEach(this::addSuppressed);
    }

    private static NetException last(List<? extends NetException> errors) {
        Objects.requireNonNull(errors, "errors");
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an aggregate needs at least one error");
        }
        return errors.get(errors.size() - 1);
    }

    /**
     * The "ip:port" of every address a connection was attempted to, in order: what Node's
     * {@code socket.autoSelectFamilyAttemptedAddresses} holds after such a failure.
     */
    public List<String> attemptedAddresses() {
        return attemptedAddresses;
    }

    /** Node's {@code err.errors}: every attempt's error, first attempt first. */
    public List<NetException> errors() {
        return errors;
    }
}
