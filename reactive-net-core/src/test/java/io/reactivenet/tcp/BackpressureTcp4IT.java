package io.reactivenet.tcp;

import io.reactivenet.Transport;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.TransportLoops;
import io.reactivenet.testing.contract.BackpressureContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Backpressure contract over TCP on 127.0.0.1, on each transport (a transport the machine refuses is skipped). */
class BackpressureTcp4IT {

    @Nested
    class Nio extends BackpressureContract {
        @RegisterExtension
        static final TransportLoops LOOPS = new TransportLoops(Transport.NIO);

        @Override
        protected TransportFixture transport() {
            return TransportFixture.tcp("127.0.0.1", LOOPS);
        }
    }

    @Nested
    class Epoll extends BackpressureContract {
        @RegisterExtension
        static final TransportLoops LOOPS = new TransportLoops(Transport.EPOLL);

        @Override
        protected TransportFixture transport() {
            return TransportFixture.tcp("127.0.0.1", LOOPS);
        }
    }

    @Nested
    class IoUring extends BackpressureContract {
        @RegisterExtension
        static final TransportLoops LOOPS = new TransportLoops(Transport.IO_URING);

        @Override
        protected TransportFixture transport() {
            return TransportFixture.tcp("127.0.0.1", LOOPS);
        }
    }
}
