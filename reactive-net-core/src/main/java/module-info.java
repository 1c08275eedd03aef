/**
 * reactive-net core: Node's {@code net} on Reactor Netty. The API packages are exported to everyone;
 * {@code io.reactivenet.internal} only to our own modules that build on it (IPC reuses the socket
 * and server machinery), never to applications.
 */
module io.reactivenet {
    requires transitive reactor.core;
    requires transitive org.reactivestreams;
    requires transitive io.netty.transport;
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;
    requires reactor.netty.core;
    requires io.netty.handler;
    requires io.netty.codec;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires static transitive org.jspecify;
    requires jdk.net;

    exports io.reactivenet;
    exports io.reactivenet.framing;
    exports io.reactivenet.text;
    exports io.reactivenet.timeout;
    exports io.reactivenet.internal to io.reactivenet.ipc;
}
