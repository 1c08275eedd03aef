package io.reactivenet.ipc;

/**
 * Which Netty transport carries a Unix domain socket.
 *
 * <p>Node counterpart: none (libuv has one). The two transports want different address types
 * ({@code java.net.UnixDomainSocketAddress} for NIO, Netty's {@code DomainSocketAddress} for epoll)
 * and offer different features, so the choice is explicit, per server and per connect:
 * <table>
 *   <caption>What each transport gives (Netty 4.2.17, JDK 17)</caption>
 *   <tr><th></th><th>NIO</th><th>EPOLL</th></tr>
 *   <tr><td>platforms</td><td>Linux, macOS</td><td>Linux (x86_64, aarch64)</td></tr>
 *   <tr><td>half-close ({@code allowHalfOpen})</td><td>yes (our own NIO domain channels: Netty's
 *       ignore ALLOW_HALF_CLOSURE)</td><td>yes</td></tr>
 *   <tr><td>abstract names</td><td>no (the JDK rejects NUL in a path)</td><td>yes</td></tr>
 *   <tr><td>peer credentials</td><td>user and group names</td><td>pid, uid, gid</td></tr>
 * </table>
 * Server and client may use different transports: the wire is the same.
 */
public enum IpcTransport {
    /** NIO, which works everywhere, unless the feature asked for (an abstract name) needs epoll. The default. */
    AUTO,
    /** Java NIO ({@code UnixDomainSocketAddress}); Linux and macOS. */
    NIO,
    /**
     * Netty epoll ({@code DomainSocketAddress}); Linux only. Needed for abstract names and for the
     * peer's pid/uid/gid. Known issue: Netty 4.2.17's epoll can lose writes queued after the peer's
     * FIN when they back up (the fd leaves the epoll set and {@code epoll_ctl} fails with ENOENT):
     * a peer that ends its side while we still stream to it may miss the tail. NIO has no such issue.
     */
    EPOLL
}
