/**
 * Timeouts: the exception family (connect, idle, read, write) and the timeout operators.
 */
@NullMarked
package io.reactivenet.timeout;

import org.jspecify.annotations.NullMarked;
