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

    public NetAggregateException(String message, List<? extends NetException> errors) {
        super(last(errors).code(), message, "connect", last(errors).address(), last(errors).port(), null);
        this.errors = List.copyOf(errors);
        this.errors.forEach(this::addSuppressed);
    }

    private static NetException last(List<? extends NetException> errors) {
        Objects.requireNonNull(errors, "errors");
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an aggregate needs at least one error");
        }
        return errors.get(errors.size() - 1);
    }

    /** Node's {@code err.errors}: every attempt's error, first attempt first. */
    public List<NetException> errors() {
        return errors;
    }
}
