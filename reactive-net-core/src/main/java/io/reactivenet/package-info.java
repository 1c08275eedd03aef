/**
 * reactive-net: Node's {@code net} module as reactive streams. Start at {@link io.reactivenet.Net}.
 */
@NullMarked
package io.reactivenet;

import org.jspecify.annotations.NullMarked;
