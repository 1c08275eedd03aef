/**
 * Timer mechanics behind {@link io.reactivenet.timeout.Timeouts} and
 * {@link io.reactivenet.NetSocket#setTimeout}: one idle-timeout engine, {@code IdleTimer}, for both.
 * Not public API.
 */
@NullMarked
package io.reactivenet.internal.timeout;

import org.jspecify.annotations.NullMarked;
