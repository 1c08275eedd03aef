/**
 * Framing internals: the decoding operator and the per-subscription frame splitters (bytes to frames). Not public API.
 */
@NullMarked
package io.reactivenet.internal.framing;

import org.jspecify.annotations.NullMarked;
