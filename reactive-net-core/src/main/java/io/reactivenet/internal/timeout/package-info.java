/** Timer mechanics behind {@link io.reactivenet.timeout.Timeouts}. Not public API. */
@NullMarked
package io.reactivenet.internal.timeout;

import org.jspecify.annotations.NullMarked;
