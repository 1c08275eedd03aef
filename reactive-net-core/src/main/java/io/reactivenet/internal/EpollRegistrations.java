package io.reactivenet.internal;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;
import java.io.UncheckedIOException;

/**
 * Netty's epoll {@link IoHandler} with one repair: a file descriptor that left the epoll set comes
 * back when it needs events again.
 *
 * <p><b>Why.</b> Since netty#16689 (April 2026), an epoll registration whose interest set becomes
 * empty is taken out of the epoll set ({@code epoll_ctl(EPOLL_CTL_DEL)}), but the registration still
 * believes the fd is in the set, so the next non-empty interest set is applied with
 * {@code epoll_ctl(EPOLL_CTL_MOD)}, which fails with ENOENT (Netty 4.2.17, read in the bytecode of
 * {@code EpollIoHandler$DefaultEpollIoRegistration.submit}: in state {@code Added}, {@code NONE}
 * deletes the fd and leaves the state {@code Added}). A stream channel's interest set becomes empty
 * once the peer's FIN was read under half-closure (EPOLLIN and EPOLLRDHUP cleared) while no write
 * waits for the socket (EPOLLOUT clear). The next write that fills the socket buffer asks for
 * EPOLLOUT, gets an {@code UncheckedIOException}, and Netty shuts the output down, failing every
 * queued write: a half-open server's reply written after the peer's end is cut short.
 *
 * <p><b>The repair.</b> Each registration is wrapped. After an empty interest set was submitted, the
 * next non-empty one cancels the stale registration (its {@code EPOLL_CTL_DEL} finds nothing and is
 * only logged by Netty at debug level) and registers the same handle afresh, whose first submit
 * adds the fd ({@code EPOLL_CTL_ADD}). Only public Netty API is used ({@link IoHandler#register},
 * {@link IoRegistration#cancel}, {@link IoRegistration#submit}); event dispatch is untouched (Netty
 * finds the channel's handle by fd, and the handle ignores which registration delivers the event).
 *
 * <p><b>Threading.</b> Netty calls {@code submit} on the handler's event loop; the repair runs only
 * there (elsewhere the call goes to Netty unchanged). A registration is confined to its loop.
 */
final class EpollRegistrations implements IoHandler {

    private final IoHandler epoll;
    private final ThreadAwareExecutor executor;

    private EpollRegistrations(IoHandler epoll, ThreadAwareExecutor executor) {
        this.epoll = epoll;
        this.executor = executor;
    }

    /** Netty's default epoll handler factory, repaired. */
    static IoHandlerFactory newFactory() {
        return newFactory(EpollIoHandler.newFactory());
    }

    /** {@code epoll}'s handlers, repaired. */
    static IoHandlerFactory newFactory(IoHandlerFactory epoll) {
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                return new EpollRegistrations(epoll.newHandler(executor), executor);
            }

            @Override
            public boolean isChangingThreadSupported() {
                return epoll.isChangingThreadSupported();
            }
        };
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return new Registration(handle, epoll.register(handle));
    }

    @Override
    public void initialize() {
        epoll.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        return epoll.run(context);
    }

    @Override
    public void prepareToDestroy() {
        epoll.prepareToDestroy();
    }

    @Override
    public void destroy() {
        epoll.destroy();
    }

    @Override
    public void wakeup() {
        epoll.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        // Reactor Netty picks epoll channel classes for a group whose handler accepts EpollIoHandle.
        return epoll.isCompatible(handleType);
    }

    /** One handle's registration; replaced underneath when Netty dropped the fd from the epoll set. */
    private final class Registration implements IoRegistration {
        private final IoHandle handle;
        private IoRegistration current;
        /** Whether the fd may have left the epoll set: an empty set was submitted after a non-empty one. */
        private boolean dropped;
        private boolean added;

        Registration(IoHandle handle, IoRegistration current) {
            this.handle = handle;
            this.current = current;
        }

        @Override
        public long submit(IoOps ops) {
            boolean empty = ops instanceof EpollIoOps e && e.value() == 0;
            if (!empty && dropped && current.isValid() && executor.isExecutorThread(Thread.currentThread())) {
                reregister();
            }
            long result = current.submit(ops);
            if (empty) {
                dropped = added;
            } else if (result >= 0) {
                added = true;
                dropped = false;
            }
            return result;
        }

        private void reregister() {
            // Cancel first: Netty keeps one registration per fd and refuses a second valid one.
            current.cancel();
            try {
                current = epoll.register(handle);
            } catch (Exception e) {
                throw new UncheckedIOException(new java.io.IOException("re-registering " + handle + " with epoll", e));
            }
            dropped = false;
            added = false;
        }

        @Override
        public <T> T attachment() {
            return current.attachment();
        }

        @Override
        public boolean isValid() {
            return current.isValid();
        }

        @Override
        public boolean cancel() {
            return current.cancel();
        }
    }
}
