package io.reactivenet.internal;

import io.reactivenet.NetArgumentException;
import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks with Node's wording: the message names the argument and the value received,
 * as Node's {@code validateInteger} and {@code validateNumber} do, so that every bad argument in
 * the library reads the same way.
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

    /** Throws {@code ERR_OUT_OF_RANGE} unless {@code value >= min}; returns the value. */
    public static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw outOfRange(name, ">= " + min, value);
        }
        return value;
    }

    /** Throws {@code ERR_OUT_OF_RANGE} when {@code value} is negative; null is a NullPointerException naming it. */
    public static Duration nonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw outOfRange(name, ">= 0", value);
        }
        return value;
    }

    /** Throws {@code ERR_OUT_OF_RANGE} unless {@code value} is longer than zero; null is a NullPointerException. */
    public static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw outOfRange(name, "> 0", value);
        }
        return value;
    }

    /**
     * Node's {@code ERR_OUT_OF_RANGE}: "The value of "name" is out of range. It must be
     * {@code bounds}. Received value".
     */
    public static NetArgumentException outOfRange(String name, String bounds, Object value) {
        return new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE,
                "The value of \"" + name + "\" is out of range. It must be " + bounds + ". Received " + value);
    }

    /** Throws {@code ERR_INVALID_ARG_VALUE} with the given reason. */
    public static NetArgumentException invalid(String name, Object value, String reason) {
        return new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                "The argument '" + name + "' " + reason + ". Received " + value);
    }
}
