package io.reactivenet.tcp;

import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.EchoContract;

/** The echo contract over TCP on 127.0.0.1. */
class EchoTcp4IT extends EchoContract {
    @Override
    protected TransportFixture transport() {
        return TransportFixture.tcp("127.0.0.1");
    }
}
