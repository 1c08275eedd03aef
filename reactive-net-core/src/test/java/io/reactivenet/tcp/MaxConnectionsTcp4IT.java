package io.reactivenet.tcp;

import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.MaxConnectionsContract;

/** The MaxConnections contract over TCP on 127.0.0.1. */
class MaxConnectionsTcp4IT extends MaxConnectionsContract {
    @Override
    protected TransportFixture transport() {
        return TransportFixture.tcp("127.0.0.1");
    }
}
