package io.reactivenet.tcp;

import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfOpenContract;

/** The HalfOpen contract over TCP on ::1. */
class HalfOpenTcp6IT extends HalfOpenContract {
    @Override
    protected TransportFixture transport() {
        return TransportFixture.tcp("::1");
    }
}
