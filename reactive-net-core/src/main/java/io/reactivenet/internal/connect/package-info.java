/**
 * Node's client connect sequence, split by concern: {@link io.reactivenet.internal.connect.ConnectPlan}
 * (the settings of one connect, defaults and argument checks resolved once),
 * {@link io.reactivenet.internal.connect.Addresses} (IP literals, family filter, RFC 8305 order),
 * {@link io.reactivenet.internal.connect.Race} (the lookup and the Happy Eyeballs race as a state
 * machine on a Reactor {@code Scheduler}, blind to Netty), {@link io.reactivenet.internal.connect.Dialer}
 * (what the race needs from one attempt) and {@link io.reactivenet.internal.connect.TcpDialer}
 * (attempts as Reactor Netty TCP connects). Not public API.
 */
@NullMarked
package io.reactivenet.internal.connect;

import org.jspecify.annotations.NullMarked;
