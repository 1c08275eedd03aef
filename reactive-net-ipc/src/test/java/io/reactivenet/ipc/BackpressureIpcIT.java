package io.reactivenet.ipc;

import io.reactivenet.Transport;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.BackpressureContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The core's Backpressure contract over Unix domain sockets, on NIO and epoll; no socket file survives a test. */
class BackpressureIpcIT {

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    @Nested
    class Nio extends BackpressureContract {
        @Override
        protected TransportFixture transport() {
            return new IpcFixture(() -> dir, Transport.NIO);
        }
    }

    @Nested
    class Epoll extends BackpressureContract {
        @Override
        protected TransportFixture transport() {
            return new IpcFixture(() -> dir, Transport.EPOLL);
        }
    }

    // No io_uring variant: Netty 4.2.17's io_uring Unix sockets cannot half-close (see the ipc
    // module's internal Transports), so the ipc module refuses IO_URING for them.
}
