package io.reactivenet.tcp;

import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfOpenContract;

/** The HalfOpen contract over TCP on 127.0.0.1. */
class HalfOpenTcp4IT extends HalfOpenContract {
    @Override
    protected TransportFixture transport() {
        return TransportFixture.tcp("127.0.0.1");
    }
}
