/**
 * Opt-in Micrometer metrics for servers and clients: {@link io.reactivenet.metrics.NetMetrics}, given
 * to {@code ServerOptions.metrics(...)} or {@code ConnectOptions.metrics(...)}. Micrometer is an
 * optional dependency: nothing in this package is loaded unless a metrics option is set, so core
 * runs without Micrometer on the class path. Meter names and tags: docs/observability.md.
 */
@NullMarked
package io.reactivenet.metrics;

import org.jspecify.annotations.NullMarked;
