package io.reactivenet.ipc;

import io.reactivenet.Transport;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.EchoContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The core's echo contract over Unix domain sockets, on NIO and epoll; no socket file survives a test. */
class EchoIpcIT {

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    @Nested
    @SkipContract(value = "peerResetGivesHadErrorAndEconnreset",
            reason = "Unix domain sockets have no RST: closing after reading everything is a plain EOF for the peer"
                    + " (Node's resetAndDestroy() refuses a pipe with ERR_INVALID_HANDLE_TYPE)")
    class Nio extends EchoContract {
        @Override
        protected TransportFixture transport() {
            return new IpcFixture(() -> dir, Transport.NIO);
        }
    }

    @Nested
    @SkipContract(value = "peerResetGivesHadErrorAndEconnreset",
            reason = "Unix domain sockets have no RST: closing after reading everything is a plain EOF for the peer"
                    + " (Node's resetAndDestroy() refuses a pipe with ERR_INVALID_HANDLE_TYPE)")
    class Epoll extends EchoContract {
        @Override
        protected TransportFixture transport() {
            return new IpcFixture(() -> dir, Transport.EPOLL);
        }
    }

    // No io_uring variant: Netty 4.2.17's io_uring Unix sockets cannot half-close (see the ipc
    // module's internal Transports), so the ipc module refuses IO_URING for them.
}
