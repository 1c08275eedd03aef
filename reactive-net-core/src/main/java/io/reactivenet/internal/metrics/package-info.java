/**
 * The metrics recorders behind {@link io.reactivenet.metrics.NetMetrics}. The core calls only the
 * Micrometer-free interfaces {@link io.reactivenet.internal.metrics.ServerRecorder} and
 * {@link io.reactivenet.internal.metrics.ClientRecorder}, whose no-op implementations are used when
 * no metrics are configured; the {@code Micrometer*} classes, which name Micrometer types, are
 * loaded only when a {@code NetMetrics} is given, so core runs without Micrometer on the class path.
 */
@NullMarked
package io.reactivenet.internal.metrics;

import org.jspecify.annotations.NullMarked;
