package io.reactivenet;

import org.jspecify.annotations.Nullable;

/**
 * Node's socket {@code 'close'} event: the socket is fully closed.
 *
 * @param hadError true when the socket closed because of an error (reset, timeout, destroy(err)),
 *                 as Node's {@code hadError} argument
 * @param error    that error, or null
 */
public record CloseEvent(boolean hadError, @Nullable Throwable error) {
}
