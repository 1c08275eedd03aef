package io.reactivenet.internal.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.reactivenet.NetException;
import io.reactivenet.internal.tls.Tls;
import io.reactivenet.internal.tls.TlsSlices;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * What we send: single writes, {@code send(publisher)} through a {@link Sender} each, and our FIN
 * ({@code end()}). Counts the bytes that reached the kernel, and tells the idle timer about them.
 *
 * <p>Threading: {@link #write}, {@link #send} and {@link #end} may be called from any thread; the
 * read-burst flag and the senders' callbacks run on the event loop.
 */
final class Outbound {

    final SocketImpl socket;
    private final Channel channel;
    private static final Sender[] NONE = new Sender[0];
    private static final AtomicReferenceFieldUpdater<Outbound, Sender[]> SENDERS =
            AtomicReferenceFieldUpdater.newUpdater(Outbound.class, Sender[].class, "senders");

    /**
     * Live senders, for writability and end-of-read-burst callbacks: copy on write. A socket has
     * none or one almost always, so an array costs nothing while idle (a concurrent set cost about
     * 200 bytes per connection) and walking it on every read burst allocates no iterator.
     */
    private volatile Sender[] senders = NONE;

    private volatile long bytesWritten;
    /** end() called: no more writes accepted. */
    private volatile boolean ended;
    /** Our FIN has been sent (or the channel closed instead). */
    private volatile boolean finSent;
    /** Between a channelRead and its channelReadComplete: senders flush their small writes then. */
    private boolean inReadBurst;

    Outbound(SocketImpl socket, Channel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    boolean ended() {
        return ended;
    }

    boolean finSent() {
        return finSent;
    }

    /** Bytes reached the kernel: count them; they are activity for the idle timeout. */
    void written(long n) {
        bytesWritten += n;
        socket.activity();
    }

    // ---------------------------------------------------------------- writes

    Mono<Void> write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        return Mono.create(sink -> {
            NetException refused = refuseWrite();
            if (refused != null) {
                sink.error(refused);
                return;
            }
            ByteBuf buf = Unpooled.wrappedBuffer(data);
            int n = buf.readableBytes();
            TlsSlices.writeAndFlush(channel, buf).addListener(f -> {
                if (f.isSuccess()) {
                    written(n);
                    sink.success();
                } else {
                    sink.error(socket.translate(f.cause(), "write"));
                }
            });
        });
    }

    Mono<Void> send(Publisher<ByteBuffer> data) {
        Objects.requireNonNull(data, "data");
        return Mono.create(sink -> {
            Sender sender = new Sender(this, channel, sink);
            sink.onCancel(sender::cancel);
            if (data instanceof Inbound inbound) {
                inbound.subscribeSpliced(sender);
            } else {
                data.subscribe(sender);
            }
        });
    }

    /** Why a write cannot be accepted now, or null. */
    @Nullable NetException refuseWrite() {
        if (ended) {
            return new NetException(NetException.ERR_STREAM_WRITE_AFTER_END, "write after end");
        }
        if (socket.lifecycle.destroyed() || !channel.isOpen()) {
            return new NetException(NetException.ERR_SOCKET_CLOSED, "Socket is closed");
        }
        return null;
    }

    void register(Sender sender) {
        Sender[] now;
        Sender[] next;
        do {
            now = senders;
            next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = sender;
        } while (!SENDERS.compareAndSet(this, now, next));
    }

    void unregister(Sender sender) {
        Sender[] now;
        Sender[] next;
        do {
            now = senders;
            int i = indexOf(now, sender);
            if (i < 0) {
                return;
            }
            if (now.length == 1) {
                next = NONE;
            } else {
                next = new Sender[now.length - 1];
                System.arraycopy(now, 0, next, 0, i);
                System.arraycopy(now, i + 1, next, i, now.length - i - 1);
            }
        } while (!SENDERS.compareAndSet(this, now, next));
    }

    private static int indexOf(Sender[] senders, Sender sender) {
        for (int i = 0; i < senders.length; i++) {
            if (senders[i] == sender) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- end

    Mono<Void> end() {
        return Mono.create(sink -> socket.onLoop(() -> endOnLoop(sink)));
    }

    private void endOnLoop(MonoSink<Void> sink) {
        if (ended || socket.lifecycle.destroyed() || !channel.isActive()) {
            sink.success();
            return;
        }
        ended = true;
        // Bytes a sender already took (coalesced, not yet written) go before the FIN, as in Node:
        // the peer's FIN auto-ends us in the middle of a read burst, before readComplete flushes.
        for (Sender s : senders) {
            s.flushAggregate();
        }
        // After the writes already queued: an empty write, then the FIN.
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            socket.activity();
            if (socket.inbound.peerEnded() && channel.isActive() && !Tls.isEncrypted(channel)) {
                // The peer has ended too, so both ends are done: the close sends our FIN, once the
                // close rule allows it. No half-close first: Netty's shutdownOutput builds an
                // exception with its stack trace for every connection. Not over TLS, whose close
                // would put a close_notify before the FIN and change what the peer sees first.
                finSent = true;
                sink.success();
                socket.lifecycle.closeIfBothEnded();
                return;
            }
            ChannelFuture shutdown = Transports.shutdownOutput(channel);
            if (shutdown != null) {
                shutdown.addListener(g -> {
                    finSent = true;
                    if (g.isSuccess()) {
                        sink.success();
                    } else {
                        sink.error(socket.translate(g.cause(), "shutdown"));
                    }
                    socket.lifecycle.closeIfBothEnded();
                });
            } else {
                finSent = true;
                channel.close();
                sink.success();
            }
        });
    }

    // ---------------------------------------------------------------- from the pipeline handler

    boolean inReadBurst() {
        return inReadBurst;
    }

    void readStarted() {
        inReadBurst = true;
    }

    /** The read burst ended: senders write what they gathered, one write for the burst. */
    void readComplete() {
        inReadBurst = false;
        for (Sender s : senders) {
            s.flushAggregate();
        }
    }

    void writable() {
        for (Sender s : senders) {
            s.requestMore();
        }
    }

    /** The channel closed: every send still running fails. */
    void onChannelClosed() {
        for (Sender s : senders) {
            s.fail(new NetException(NetException.ERR_SOCKET_CLOSED, "Socket closed before the data was written"));
        }
    }
}
