package io.reactivenet.internal.framing;

import io.reactivenet.NetArgumentException;

/** Argument checks with Node's wording: the message names the argument and the value received. */
public final class Checks {

    private Checks() {
    }

    /** Throws {@code ERR_OUT_OF_RANGE} unless {@code min <= value <= max}. */
    public static int range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new NetArgumentException(NetArgumentException.ERR_OUT_OF_RANGE, "The value of \"" + name
                    + "\" is out of range. It must be >= " + min + " && <= " + max + ". Received " + value);
        }
        return (int) value;
    }

    /** Throws {@code ERR_INVALID_ARG_VALUE} with the given reason. */
    public static NetArgumentException invalid(String name, Object value, String reason) {
        return new NetArgumentException(NetArgumentException.ERR_INVALID_ARG_VALUE,
                "The argument '" + name + "' " + reason + ". Received " + value);
    }
}
