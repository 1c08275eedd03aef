/**
 * The soak: a sample server (the echo server by default) run as a child process on its JVM
 * settings, held under 10,000 idle connections plus connect/echo/close churn and request/response
 * traffic for minutes, while its resident memory, live heap, descriptors and threads are sampled
 * every second; then the clients leave and those figures must come back. {@code benchmarks/soak.sh}
 * runs it ({@link io.reactivenet.samples.soak.Soak} is the entry point); {@code SoakIT} runs a
 * 30-second variant in CI. It lives in the samples jar because the server it measures is that jar's,
 * run exactly as a user runs it, and the CI variant can then use the jar the build has just made.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.samples.soak;
