/** reactive-net IPC: Unix domain socket servers and clients with the core's socket and server API. */
module io.reactivenet.ipc {
    requires transitive io.reactivenet;
    requires reactor.netty.core;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires jdk.net;
    requires static transitive org.jspecify;

    exports io.reactivenet.ipc;
}
