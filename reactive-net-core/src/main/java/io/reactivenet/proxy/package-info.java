/**
 * Servers behind a TCP load balancer (HAProxy, an AWS NLB, nginx stream): the PROXY protocol v1/v2
 * mode ({@link io.reactivenet.proxy.ProxyProtocol}) and what the balancer told us about a
 * connection ({@link io.reactivenet.proxy.ProxyHeader}, from {@code NetSocket.proxy()}).
 */
@NullMarked
package io.reactivenet.proxy;

import org.jspecify.annotations.NullMarked;
