package io.reactivenet.tcp;

import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.BackpressureContract;

/** The Backpressure contract over TCP on 127.0.0.1. */
class BackpressureTcp4IT extends BackpressureContract {
    @Override
    protected TransportFixture transport() {
        return TransportFixture.tcp("127.0.0.1");
    }
}
