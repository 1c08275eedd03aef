package io.reactivenet.proxy;

/**
 * Whether a server expects a PROXY protocol header (HAProxy's, v1 text or v2 binary) at the start of
 * every accepted connection: set with {@code ServerOptions.proxyProtocol(...)}.
 *
 * <p>Node counterpart: none (Node's {@code net} has no PROXY protocol; Reactor Netty has it on its
 * HTTP server only). With a header, {@code socket.remote()} is the client the balancer saw and
 * {@code socket.proxy()} keeps the balancer's own address; the server's {@code BlockList} and
 * {@code maxConnections} are applied to that client, after the header and before the handler runs.
 *
 * <p>Only enable it on a port reachable by the balancer alone: whoever can connect can claim any
 * client address in the header.
 */
public enum ProxyProtocol {
    /** No header: the bytes go to the handler as they arrive (the default). */
    OFF,
    /**
     * Every connection must start with a v1 or v2 header within the header timeout; a malformed or
     * missing header closes the connection before the handler sees it, reported as a server
     * {@code ServerEvent.Error} with code {@code ERR_PROXY_PROTOCOL}.
     */
    ON,
    /**
     * A header is used when the first bytes are one, and a connection without one is served as a
     * direct connection: for a migration, or a port shared by the balancer and local clients. A
     * direct client that waits for the server to speak first is served once the header timeout has
     * passed without a byte, since nothing else tells it apart from a balancer still sending. A
     * header that starts well but is malformed still closes the connection, as in {@link #ON}.
     */
    AUTO;

    /** The code of the {@code NetException} reporting a connection closed for its header (malformed, or late). */
    public static final String ERR_PROXY_PROTOCOL = "ERR_PROXY_PROTOCOL";
}
