/**
 * Micrometer Observation (tracing) of connects, TLS handshakes and server accepts, behind
 * Micrometer-free interfaces ({@code ConnectObserver}, {@code ServerObserver}) so that the core
 * loads and runs without {@code micrometer-observation}: only the {@code Micrometer*} classes name
 * its types, and they are loaded only when an {@code ObservationRegistry} was given. Names and keys:
 * {@code Keys} and docs/observability.md. Not public API.
 */
@NullMarked
package io.reactivenet.internal.observation;

import org.jspecify.annotations.NullMarked;
