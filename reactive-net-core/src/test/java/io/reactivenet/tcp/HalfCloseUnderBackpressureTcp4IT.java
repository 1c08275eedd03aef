package io.reactivenet.tcp;

import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfCloseUnderBackpressureContract;

/** The HalfCloseUnderBackpressure contract over TCP on 127.0.0.1. */
class HalfCloseUnderBackpressureTcp4IT extends HalfCloseUnderBackpressureContract {
    @Override
    protected TransportFixture transport() {
        return TransportFixture.tcp("127.0.0.1");
    }
}
