package io.reactivenet.internal;

import io.reactivenet.Transport;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.TransportLoops;
import io.reactivenet.testing.contract.HalfCloseUnderBackpressureContract;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The half-close-under-backpressure contract on {@link Transport#IO_URING}, twenty more times in a
 * row: the scenario Netty's epoll lost bytes in about half the runs (see {@link EpollRegistrations}).
 * Netty's io_uring keeps no epoll interest set (it submits poll, read and write operations), and AUTO picks
 * it first, so it must hold here run after run. Skipped where the kernel refuses io_uring.
 */
class HalfCloseUnderBackpressureIoUringIT extends HalfCloseUnderBackpressureContract {

    @RegisterExtension
    static final TransportLoops LOOPS = new TransportLoops(Transport.IO_URING);

    @Override
    protected TransportFixture transport() {
        return TransportFixture.tcp("127.0.0.1", LOOPS);
    }

    @RepeatedTest(20)
    void twentyRunsInARow() {
        everyEchoedByteArrivesBeforeTheEnd();
    }
}
