package io.reactivenet.internal;

import io.reactivenet.NetArgumentException;
import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks with Node's wording: the message names the argument and the value received.
 * The one place the "is out of range" sentence is written; every option class, codec and helper
 * checks through here. Imports nothing from {@code io.reactivenet} but the exception, so anything
 * may use it without making an import cycle.
 */
public final class Checks {

    private Checks() {
    }

    /** Throws {@code ERR_OUT_OF_RANGE} unless {@code min <= value <= max}. */
    public static int range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw outOfRange(name, ">= " + min + " && <= " + max, value);
        }
        return (int) value;
    }

    /** Throws {@code ERR_OUT_OF_RANGE} unless {@code value >= min}; returns {@code value}. */
    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw outOfRange(name, ">= " + min, value);
        }
        return value;
    }

    /** Throws {@code ERR_OUT_OF_RANGE} for a negative duration (null: NullPointerException naming it). */
    public static Duration nonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw outOfRange(name, ">= 0", value);
        }
        return value;
    }

    /** Throws {@code ERR_OUT_OF_RANGE} unless the duration is strictly positive. */
    public static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw outOfRange(name, "> 0", value);
        }
        return value;
    }

    /** Node's {@code ERR_OUT_OF_RANGE}: "The value of "name" is out of range. It must be {rule}. Received {value}". */
    public static NetArgumentException outOfRange(String name, String rule, Object received) {
        return new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                "The value of \"" + name + "\" is out of range. It must be " + rule + ". Received " + received);
    }

    /** Throws {@code ERR_INVALID_ARG_VALUE} with the given reason. */
    public static NetArgumentException invalid(String name, Object value, String reason) {
        return new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                "The argument '" + name + "' " + reason + ". Received " + value);
    }

    /** Node's "must be a non-empty string" ({@code ERR_INVALID_ARG_VALUE}); returns the string. */
    public static String nonEmpty(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw invalid(name, "''", "must be a non-empty string");
        }
        return value;
    }
}
