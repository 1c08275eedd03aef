/**
 * reactive-net core: Node's {@code net} on Reactor Netty. The API packages are exported to everyone;
 * internals only to our own modules that build on them (IPC reuses the socket and server machinery
 * through {@code internal.spi}; json and ipc share the argument checks), never to applications.
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
    requires io.netty.codec.haproxy;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    // io_uring (Transport.IO_URING, AUTO) only when the application puts Netty's io_uring jars on the path.
    requires static io.netty.transport.classes.io_uring;
    requires static transitive org.jspecify;
    requires jdk.net;
    // Micrometer only when ServerOptions/ConnectOptions.metrics(...) is used (NetMetrics).
    requires static micrometer.core;
    // Micrometer Observation only when ServerOptions/ConnectOptions.observations(...) is used.
    requires static micrometer.observation;
    // OpenSSL through netty-tcnative when the application puts it on the path (TlsProvider.AUTO/OPENSSL).
    requires static io.netty.internal.tcnative;

    exports io.reactivenet;
    exports io.reactivenet.framing;
    exports io.reactivenet.text;
    exports io.reactivenet.timeout;
    exports io.reactivenet.tls;
    exports io.reactivenet.metrics;
    exports io.reactivenet.proxy;
    // Our sibling modules only: argument checks (Checks) for json and ipc, the endpoint SPI for ipc.
    exports io.reactivenet.internal to io.reactivenet.ipc, io.reactivenet.json;
    exports io.reactivenet.internal.spi to io.reactivenet.ipc;
}
