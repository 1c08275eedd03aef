package io.reactivenet.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.AttributeKey;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Big writes on a TLS channel, encrypted a slice at a time as the socket drains.
 *
 * <p>Why: Netty's {@code SslHandler} encrypts everything written before a flush in one go and only
 * then hands the records to the socket. One 256 MiB {@code write} therefore first produced 256 MiB
 * of ciphertext beside the plaintext (the peer saw nothing until the last byte was encrypted), and
 * a slow peer did not slow the encryption down. A buffer above {@link #THRESHOLD} bytes is written
 * instead as a {@link ChunkedInput} of {@link #SLICE}-byte retained slices through a
 * {@link ChunkedWriteHandler}, which the pipeline gets (right behind the TLS layer) on the first
 * such write: it asks for the next slice only while the channel is writable, so at most about one
 * high-water mark of ciphertext waits in memory and the first bytes leave at once. Writes made
 * after it queue behind it in that handler, so the order of bytes is kept. Small writes, and every
 * write on a plain channel (where the kernel takes a wrapped buffer as it is, without a copy), are
 * untouched.
 *
 * <p>Threading: {@link #writeAndFlush} may be called from any thread; the handler is added and the
 * write made in one task on the channel's event loop, which runs before any write scheduled later.
 */
public final class TlsSlices {

    /** Buffers above this many bytes are sliced (a TLS record carries at most 16 KiB). */
    public static final int THRESHOLD = 1024 * 1024;
    /** The size of one slice. */
    static final int SLICE = 64 * 1024;
    static final String NAME = "reactivenet.tls.slices";
    /** Bytes of sliced writes not yet handed to the TLS layer (part of Node's writableLength). */
    private static final AttributeKey<AtomicLong> PENDING = AttributeKey.valueOf("reactivenet.tls.slices.pending");

    private TlsSlices() {
    }

    /**
     * Writes and flushes {@code buf} (taking ownership of it), sliced when the channel speaks TLS and
     * {@code buf} is above {@link #THRESHOLD}; the future completes when all of it was written.
     */
    public static ChannelFuture writeAndFlush(Channel channel, ByteBuf buf) {
        if (buf.readableBytes() <= THRESHOLD || !Tls.isEncrypted(channel)) {
            return channel.writeAndFlush(buf);
        }
        ChannelPromise promise = channel.newPromise();
        Runnable write = () -> {
            if (channel.isOpen() && ensureHandler(channel.pipeline())) {
                channel.writeAndFlush(new Slices(buf, pendingOf(channel)), promise);
            } else {
                channel.writeAndFlush(buf, promise); // closed: Netty fails the promise and releases buf
            }
        };
        if (channel.eventLoop().inEventLoop()) {
            write.run();
        } else {
            try {
                channel.eventLoop().execute(write);
            } catch (RejectedExecutionException e) {
                buf.release();
                promise.tryFailure(e);
            }
        }
        return promise;
    }

    /** Bytes of sliced writes waiting for their turn (0 on a channel that never had one). */
    public static long pendingBytes(Channel channel) {
        AtomicLong pending = channel.attr(PENDING).get();
        return pending == null ? 0 : pending.get();
    }

    private static AtomicLong pendingOf(Channel channel) {
        AtomicLong pending = channel.attr(PENDING).get();
        if (pending == null) {
            pending = new AtomicLong(); // event loop only: no race on the first set
            channel.attr(PENDING).set(pending);
        }
        return pending;
    }

    /** Adds the chunked-write handler right behind the TLS layer once; false when there is no TLS layer. */
    private static boolean ensureHandler(ChannelPipeline p) {
        if (p.get(NAME) != null) {
            return true;
        }
        ChannelHandlerContext watch = p.context(Tls.WATCH);
        if (watch == null) {
            return false;
        }
        p.addAfter(Tls.WATCH, NAME, new ChunkedWriteHandler());
        return true;
    }

    /**
     * One buffer as retained slices; closing it (done, or discarded on close) releases the buffer.
     * Its unread bytes count in the channel's pending bytes until they are read or it is closed.
     */
    static final class Slices implements ChunkedInput<ByteBuf> {
        private final ByteBuf buf;
        private final long length;
        private final AtomicLong pending;
        private boolean closed;

        Slices(ByteBuf buf, AtomicLong pending) {
            this.buf = buf;
            this.length = buf.readableBytes();
            this.pending = pending;
            pending.addAndGet(length);
        }

        @Override
        public boolean isEndOfInput() {
            return closed || !buf.isReadable();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                pending.addAndGet(-buf.readableBytes());
                buf.release();
            }
        }

        @Deprecated
        @Override
        public ByteBuf readChunk(ChannelHandlerContext ctx) {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) {
            int n = Math.min(SLICE, buf.readableBytes());
            pending.addAndGet(-n);
            return buf.readRetainedSlice(n);
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public long progress() {
            return length - buf.readableBytes();
        }
    }
}
