/**
 * The chaos proxy: a test fixture that sits between a client and a server and injects seeded
 * faults (re-chunking, latency, throttling, stalls, half-close, reset), and the twenty fault mixes
 * every stream contract runs through. Plain Java NIO; usable from every module's tests.
 */
@NullMarked
package io.reactivenet.testing.chaos;

import org.jspecify.annotations.NullMarked;
