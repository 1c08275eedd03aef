/**
 * The one {@link io.reactivenet.NetSocket} implementation, split by concern as Reactor Netty splits
 * {@code ChannelOperations} / {@code FluxReceive} / {@code MonoSendMany}: {@code SocketImpl} is the
 * thin public face and hub; {@code Inbound} (demand, read-ahead, half-close, splice source),
 * {@code Sender} and {@code Outbound} (writes, coalescing, end), {@code Lifecycle} (destroy and
 * close), {@code SocketHandler} (the pipeline handler), {@code Transports} (what differs between
 * NIO, epoll and Unix sockets) and {@code LoopScheduler} (the event loop as a Reactor
 * {@code Scheduler}) are package-private parts. Not public API.
 */
@NullMarked
package io.reactivenet.internal.socket;

import org.jspecify.annotations.NullMarked;
