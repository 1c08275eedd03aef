/**
 * Not API: socket-file checks (length limit, stale probe, mode, removal) and the choice between the
 * NIO and epoll transports with the address type each one wants.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.ipc.internal;
