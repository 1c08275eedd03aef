/**
 * JMH micro benchmarks (framing, BlockList, JSON, text) and, in {@code harness}, the side-by-side echo harness against raw Reactor Netty and Node.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.bench;
