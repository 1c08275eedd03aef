/**
 * The runnable samples of reactive-net, one executable jar: {@code java -jar
 * reactive-net-samples.jar <sample> [options]} (see {@link io.reactivenet.samples.Main}). Each
 * sample is one small class meant to be read and copied: echo, chat (the backpressure showcase),
 * the tutorial's JSON protocol, idle timeouts and IPC over a Unix socket.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.samples;
