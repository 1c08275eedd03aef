/**
 * The end-to-end echo harness: the same load against reactive-net, raw Reactor Netty and Node's
 * {@code net}, each server in its own process, one load generator in another.
 *
 * <p>{@link io.reactivenet.bench.harness.Harness} orchestrates a run, {@link
 * io.reactivenet.bench.harness.EchoServers} is the JVM echo server process (one per server kind),
 * {@link io.reactivenet.bench.harness.LoadGen} the load generator process, and {@link
 * io.reactivenet.bench.harness.Report} turns the figures into JSON, a markdown table and PNG charts.
 * {@code benchmarks/run.sh} is the one command that builds and runs it.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.bench.harness;
