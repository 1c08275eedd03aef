package io.reactivenet.ipc;

import io.reactivenet.Transport;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfCloseUnderBackpressureContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The core's HalfCloseUnderBackpressure contract over Unix domain sockets, on both transports; no socket file survives a test. */
class HalfCloseUnderBackpressureIpcIT {

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    @Nested
    class Nio extends HalfCloseUnderBackpressureContract {
        @Override
        protected TransportFixture transport() {
            return new IpcFixture(() -> dir, Transport.NIO);
        }
    }

    // No Epoll variant: Netty 4.2.17 epoll loses these writes (see EpollHalfCloseBugIT in core and
    // Transport.EPOLL); the NIO transport, our default, does not.
}
