/**
 * The end-to-end echo harness: the same load against reactive-net, raw Reactor Netty, Vert.x,
 * Node's {@code net} and a C epoll echo (the ceiling), each server in its own process, one load
 * generator in another.
 *
 * <p>{@link io.reactivenet.bench.harness.Harness} orchestrates a run; {@link
 * io.reactivenet.bench.harness.Server} starts one server process of any kind, {@link
 * io.reactivenet.bench.harness.EchoServers} is the JVM echo server process (with {@link
 * io.reactivenet.bench.harness.VertxEcho} for Vert.x); {@link io.reactivenet.bench.harness.Generator}
 * drives the load generator: the native one ({@code benchmarks/loadgen/loadgen.c}, built by
 * {@link io.reactivenet.bench.harness.NativeTools}) or {@link io.reactivenet.bench.harness.LoadGen}.
 * {@link io.reactivenet.bench.harness.Report}, {@link io.reactivenet.bench.harness.Markdown} and
 * {@link io.reactivenet.bench.harness.Targets} turn the figures into JSON, markdown tables and PNG
 * charts. {@code benchmarks/run.sh} is the one command that builds and runs it.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.bench.harness;
