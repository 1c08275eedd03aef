package io.reactivenet.internal.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Lets one wake-up read more than once, within the socket's read-ahead. We keep {@code AUTO_READ}
 * off (it is how the inbound bytes stay bounded), and with it off Netty's read loop stops after one
 * read per {@code read()} request ({@code MaxMessageHandle.continueReading} requires auto-read): a
 * peer streaming 64 KiB at a time cost us a read request and a loop trip per 64 KiB where Reactor
 * Netty reads until the socket is empty. This handle wraps Netty's own (its adaptive buffer sizes)
 * and goes on reading while the last read filled its buffer (or, edge-triggered, read anything),
 * fewer than {@value #MAX_READS} reads were made, and the inbound still wants bytes
 * ({@link Inbound#wantsMore()}: demand, or queued bytes under the read-ahead): the bound is the same
 * one {@link Inbound#maybeRead()} applies between wake-ups.
 *
 * <p>Installed per TCP channel on NIO and epoll before its first read ({@link #install}); io_uring,
 * Unix sockets and channels that have already read keep Netty's handle. Event loop only.
 */
final class ReadBudget implements RecvByteBufAllocator {

    /** Netty's default cap of reads per wake-up. */
    static final int MAX_READS = 16;

    private final RecvByteBufAllocator netty;
    private final Inbound inbound;

    private ReadBudget(RecvByteBufAllocator netty, Inbound inbound) {
        this.netty = netty;
        this.inbound = inbound;
    }

    /** On a NIO or epoll TCP channel whose allocator hands out extended handles (Netty's all do). */
    static void install(Channel channel, Inbound inbound) {
        if (!(channel instanceof EpollSocketChannel) && !(channel instanceof NioSocketChannel)) {
            return;
        }
        ChannelConfig config = channel.config();
        RecvByteBufAllocator netty = config.getRecvByteBufAllocator();
        if (netty instanceof ReadBudget) {
            return;
        }
        config.setRecvByteBufAllocator(new ReadBudget(netty, inbound));
    }

    @Override
    public Handle newHandle() {
        Handle h = netty.newHandle();
        return h instanceof ExtendedHandle e ? new BudgetHandle(e, inbound) : h;
    }

    /** Netty's handle, with {@code continueReading} asking the inbound instead of auto-read. */
    static final class BudgetHandle implements ExtendedHandle {
        private final ExtendedHandle netty;
        private final Inbound inbound;
        private final UncheckedBooleanSupplier filledLastBuffer = this::filledLastBuffer;
        private int reads;

        BudgetHandle(ExtendedHandle netty, Inbound inbound) {
            this.netty = netty;
            this.inbound = inbound;
        }

        private boolean filledLastBuffer() {
            return netty.attemptedBytesRead() == netty.lastBytesRead();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreData) {
            return reads < MAX_READS && netty.lastBytesRead() > 0 && maybeMoreData.get() && inbound.wantsMore();
        }

        @Override
        public boolean continueReading() {
            return continueReading(filledLastBuffer);
        }

        @Override
        public void reset(ChannelConfig config) {
            reads = 0;
            netty.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            reads += numMessages;
            netty.incMessagesRead(numMessages);
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return netty.allocate(alloc);
        }

        @Override
        public int guess() {
            return netty.guess();
        }

        @Override
        public void lastBytesRead(int bytes) {
            netty.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return netty.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            netty.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return netty.attemptedBytesRead();
        }

        @Override
        public void readComplete() {
            netty.readComplete();
        }
    }
}
