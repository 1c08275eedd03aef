package io.reactivenet.tcp;

import io.reactivenet.Transport;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.TransportLoops;
import io.reactivenet.testing.contract.MaxConnectionsContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MaxConnections contract over TCP on ::1, on each transport (a transport the machine refuses is skipped). */
class MaxConnectionsTcp6IT {

    @Nested
    class Nio extends MaxConnectionsContract {
        @RegisterExtension
        static final TransportLoops LOOPS = new TransportLoops(Transport.NIO);

        @Override
        protected TransportFixture transport() {
            return TransportFixture.tcp("::1", LOOPS);
        }
    }

    @Nested
    class Epoll extends MaxConnectionsContract {
        @RegisterExtension
        static final TransportLoops LOOPS = new TransportLoops(Transport.EPOLL);

        @Override
        protected TransportFixture transport() {
            return TransportFixture.tcp("::1", LOOPS);
        }
    }

    @Nested
    class IoUring extends MaxConnectionsContract {
        @RegisterExtension
        static final TransportLoops LOOPS = new TransportLoops(Transport.IO_URING);

        @Override
        protected TransportFixture transport() {
            return TransportFixture.tcp("::1", LOOPS);
        }
    }
}
