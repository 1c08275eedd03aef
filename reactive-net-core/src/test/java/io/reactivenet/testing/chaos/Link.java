package io.reactivenet.testing.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;

/**
 * One proxied connection: the accepted client socket, the socket to the target, and a {@link Flow}
 * each way. Runs only on the proxy's thread; {@link #describe()} may be read from any thread.
 */
final class Link {

    final int index;
    final FaultMix mix;
    private final SocketChannel client;
    private final SocketChannel upstream;
    private final Flow toServer;
    private final Flow toClient;
    private final int clientPort;
    private volatile int upstreamPort = -1;
    private volatile String outcome = "connecting";
    private boolean connected;
    private boolean closed;
    private SelectionKey clientKey;
    private SelectionKey upstreamKey;

    Link(int index, FaultMix mix, SocketChannel client, InetSocketAddress target, Selector selector) throws IOException {
        this.index = index;
        this.mix = mix;
        this.client = client;
        this.clientPort = ((InetSocketAddress) client.getRemoteAddress()).getPort();
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        upstream = SocketChannel.open();
        upstream.configureBlocking(false);
        upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
        SplittableRandom random = new SplittableRandom(mix.seed());
        toServer = new Flow("to server", client, upstream, mix.toServer(), random.split());
        toClient = new Flow("to client", upstream, client, mix.toClient(), random.split());
        clientKey = client.register(selector, 0, this);
        upstreamKey = upstream.register(selector, SelectionKey.OP_CONNECT, this);
        if (upstream.connect(target)) {
            onConnected();
        }
    }

    boolean closed() {
        return closed;
    }

    /**
     * Moves bytes both ways as far as the faults allow; returns when (System.nanoTime) it next has
     * timed work, or {@link Long#MAX_VALUE}.
     */
    long pump(long now) {
        if (closed) {
            return Long.MAX_VALUE;
        }
        try {
            if (!connected) {
                if (!upstream.finishConnect()) {
                    toServer.read(now);
                    interest();
                    return Long.MAX_VALUE;
                }
                onConnected();
            }
            toServer.read(now);
            toClient.read(now);
            long next = Math.min(toServer.write(now), toClient.write(now));
            if (toServer.resetDue || toClient.resetDue) {
                abort("reset (" + (toServer.resetDue ? toServer : toClient) + ")");
                return Long.MAX_VALUE;
            }
            if (toServer.finished() && toClient.finished()) {
                close("closed (" + toServer + "; " + toClient + ")");
                return Long.MAX_VALUE;
            }
            interest();
            return next;
        } catch (IOException | RuntimeException e) {
            // A peer reset or broke the connection: pass it on as a reset, as a real path would.
            abort("aborted: " + e + " (" + toServer + "; " + toClient + ")");
            return Long.MAX_VALUE;
        }
    }

    private void onConnected() throws IOException {
        connected = true;
        upstreamPort = ((InetSocketAddress) upstream.getLocalAddress()).getPort();
        outcome = "open";
    }

    private void interest() {
        int c = (toServer.wantsRead() ? SelectionKey.OP_READ : 0) | (toClient.blocked ? SelectionKey.OP_WRITE : 0);
        int u = !connected ? SelectionKey.OP_CONNECT
                : (toClient.wantsRead() ? SelectionKey.OP_READ : 0) | (toServer.blocked ? SelectionKey.OP_WRITE : 0);
        clientKey.interestOps(c);
        upstreamKey.interestOps(u);
    }

    /** Closes both sockets with an RST. */
    void abort(String why) {
        if (closed) {
            return;
        }
        for (SocketChannel ch : new SocketChannel[] {client, upstream}) {
            try {
                if (ch.isOpen()) {
                    ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
            } catch (IOException | RuntimeException ignored) {
                // Not connected or already broken: closing is all that is left.
            }
        }
        close(why);
    }

    private void close(String why) {
        closed = true;
        outcome = why;
        clientKey.cancel();
        upstreamKey.cancel();
        try {
            client.close();
        } catch (IOException ignored) {
            // Closing is best effort; the descriptor is released either way.
        }
        try {
            upstream.close();
        } catch (IOException ignored) {
            // As above.
        }
    }

    /** The client's port (its local port), the proxy's port towards the target, the mix and what happened. */
    String describe() {
        return "connection " + index + " (client port " + clientPort + ", upstream port " + upstreamPort + "): "
                + mix + " -> " + outcome;
    }

    int clientPort() {
        return clientPort;
    }

    int upstreamPort() {
        return upstreamPort;
    }
}
