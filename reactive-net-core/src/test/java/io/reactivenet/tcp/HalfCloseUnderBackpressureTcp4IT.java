package io.reactivenet.tcp;

import io.reactivenet.Transport;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.TransportLoops;
import io.reactivenet.testing.contract.HalfCloseUnderBackpressureContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HalfCloseUnderBackpressure contract over TCP on 127.0.0.1, on each transport (a transport the machine refuses is skipped). */
class HalfCloseUnderBackpressureTcp4IT {

    @Nested
    class Nio extends HalfCloseUnderBackpressureContract {
        @RegisterExtension
        static final TransportLoops LOOPS = new TransportLoops(Transport.NIO);

        @Override
        protected TransportFixture transport() {
            return TransportFixture.tcp("127.0.0.1", LOOPS);
        }
    }

    @Nested
    class Epoll extends HalfCloseUnderBackpressureContract {
        @RegisterExtension
        static final TransportLoops LOOPS = new TransportLoops(Transport.EPOLL);

        @Override
        protected TransportFixture transport() {
            return TransportFixture.tcp("127.0.0.1", LOOPS);
        }
    }

    @Nested
    class IoUring extends HalfCloseUnderBackpressureContract {
        @RegisterExtension
        static final TransportLoops LOOPS = new TransportLoops(Transport.IO_URING);

        @Override
        protected TransportFixture transport() {
            return TransportFixture.tcp("127.0.0.1", LOOPS);
        }
    }
}
