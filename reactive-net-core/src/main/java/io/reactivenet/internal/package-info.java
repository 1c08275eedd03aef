/** Reactor Netty glue. Not public API: may change in any release. */
@NullMarked
package io.reactivenet.internal;

import org.jspecify.annotations.NullMarked;
