package io.reactivenet.tcp;

import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.MaxConnectionsContract;

/** The MaxConnections contract over TCP on ::1. */
class MaxConnectionsTcp6IT extends MaxConnectionsContract {
    @Override
    protected TransportFixture transport() {
        return TransportFixture.tcp("::1");
    }
}
