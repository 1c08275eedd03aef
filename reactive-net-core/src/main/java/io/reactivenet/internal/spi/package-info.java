/**
 * The small SPI through which other reactive-net modules (today {@code reactive-net-ipc}) bind and
 * connect on the core's servers and sockets: immutable endpoint descriptions with named parts
 * ({@link io.reactivenet.internal.spi.ClientEndpoint}, {@link io.reactivenet.internal.spi.ServerEndpoint})
 * and one entry point ({@link io.reactivenet.internal.spi.Endpoints}). Not public API: the core
 * exports this package only to its sibling modules.
 */
@NullMarked
package io.reactivenet.internal.spi;

import org.jspecify.annotations.NullMarked;
