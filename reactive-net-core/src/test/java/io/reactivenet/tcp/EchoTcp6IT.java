package io.reactivenet.tcp;

import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.EchoContract;

/** The echo contract over TCP on ::1. */
class EchoTcp6IT extends EchoContract {
    @Override
    protected TransportFixture transport() {
        return TransportFixture.tcp("::1");
    }
}
