package io.reactivenet.ipc;

/**
 * Which Netty transport carries a Unix domain socket.
 *
 * <p>Node counterpart: none (libuv has one). The two transports want different address types
 * ({@code java.net.UnixDomainSocketAddress} for NIO, Netty's {@code DomainSocketAddress} for epoll)
 * and offer different features, so the choice is explicit, and made per server or connect:
 * <table>
 *   <caption>What each transport gives (Netty 4.2.17, JDK 17)</caption>
 *   <tr><th></th><th>NIO</th><th>EPOLL</th></tr>
 *   <tr><td>platforms</td><td>Linux, macOS</td><td>Linux (x86_64, aarch64)</td></tr>
 *   <tr><td>half-close ({@code allowHalfOpen})</td><td>no: Netty's NIO domain channel closes on the
 *       peer's FIN, dropping writes still queued</td><td>yes</td></tr>
 *   <tr><td>abstract names</td><td>no (the JDK rejects NUL in a path)</td><td>yes</td></tr>
 *   <tr><td>peer credentials</td><td>user and group names</td><td>pid, uid, gid</td></tr>
 * </table>
 */
public enum IpcTransport {
    /** EPOLL where it is available (Linux), NIO elsewhere (macOS). The default. */
    AUTO,
    /** Java NIO ({@code UnixDomainSocketAddress}); Linux and macOS; no half-close (see above). */
    NIO,
    /** Netty epoll ({@code DomainSocketAddress}); Linux only. */
    EPOLL
}
