package io.reactivenet.tls;

import io.reactivenet.testing.TlsFixtures;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfCloseUnderBackpressureContract;

/** The HalfCloseUnderBackpressure contract unchanged, over TLS on TCP 127.0.0.1. */
class HalfCloseUnderBackpressureTlsIT extends HalfCloseUnderBackpressureContract {
    @Override
    protected TransportFixture transport() {
        return TlsFixtures.over(TransportFixture.tcp("127.0.0.1"));
    }
}
