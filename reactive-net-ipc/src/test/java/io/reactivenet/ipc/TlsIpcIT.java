package io.reactivenet.ipc;

import io.reactivenet.Transport;
import io.reactivenet.testing.TlsFixtures;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.BackpressureContract;
import io.reactivenet.testing.contract.EchoContract;
import io.reactivenet.testing.contract.HalfCloseUnderBackpressureContract;
import io.reactivenet.testing.contract.HalfOpenContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's contracts unchanged over TLS on Unix domain sockets (Node's {@code tls.connect({path})}),
 * on the native transport; the client checks the server's certificate against {@code localhost}, the
 * name a Unix socket client uses. No socket file survives a test.
 */
class TlsIpcIT {

    @TempDir
    Path dir;

    @AfterEach
    void noSocketFileLeft() {
        IpcFixture.assertNoSocketFileLeft(dir);
    }

    TransportFixture tls(Transport transport) {
        return TlsFixtures.over(new IpcFixture(() -> dir, transport));
    }

    @Nested
    @SkipContract(value = "peerResetGivesHadErrorAndEconnreset",
            reason = "Unix domain sockets have no RST (Node's resetAndDestroy() refuses a pipe with ERR_INVALID_HANDLE_TYPE)")
    class Echo extends EchoContract {
        @Override
        protected TransportFixture transport() {
            return tls(Transport.EPOLL);
        }
    }

    @Nested
    @SkipContract(value = "peerResetGivesHadErrorAndEconnreset",
            reason = "Unix domain sockets have no RST (Node's resetAndDestroy() refuses a pipe with ERR_INVALID_HANDLE_TYPE)")
    class EchoNio extends EchoContract {
        @Override
        protected TransportFixture transport() {
            return tls(Transport.NIO);
        }
    }

    @Nested
    class HalfOpen extends HalfOpenContract {
        @Override
        protected TransportFixture transport() {
            return tls(Transport.EPOLL);
        }
    }

    @Nested
    class Backpressure extends BackpressureContract {
        @Override
        protected TransportFixture transport() {
            return tls(Transport.EPOLL);
        }
    }

    @Nested
    class HalfCloseUnderBackpressure extends HalfCloseUnderBackpressureContract {
        @Override
        protected TransportFixture transport() {
            return tls(Transport.EPOLL);
        }
    }
}
