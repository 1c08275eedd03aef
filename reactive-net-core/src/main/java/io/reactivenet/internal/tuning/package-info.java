/**
 * Applies {@link io.reactivenet.SocketTuning} and {@link io.reactivenet.Wiretap} to channels, for
 * every transport, so the server and the connector each call one method.
 */
@NullMarked
package io.reactivenet.internal.tuning;

import org.jspecify.annotations.NullMarked;
