package io.reactivenet.tcp;

import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfCloseUnderBackpressureContract;

/** The HalfCloseUnderBackpressure contract over TCP on ::1. */
class HalfCloseUnderBackpressureTcp6IT extends HalfCloseUnderBackpressureContract {
    @Override
    protected TransportFixture transport() {
        return TransportFixture.tcp("::1");
    }
}
