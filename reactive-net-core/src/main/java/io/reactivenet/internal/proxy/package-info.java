/**
 * The PROXY protocol on accepted channels: a gate that holds the channel's activation until the
 * header is decoded (Netty's {@code HAProxyMessageDecoder}), hands the client's address to the
 * server's admission (BlockList, maxConnections) and only then lets the socket and the handler see
 * the channel.
 */
@NullMarked
package io.reactivenet.internal.proxy;

import org.jspecify.annotations.NullMarked;
