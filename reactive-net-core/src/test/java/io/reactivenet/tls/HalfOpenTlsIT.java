package io.reactivenet.tls;

import io.reactivenet.testing.TlsFixtures;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfOpenContract;

/** The HalfOpen contract unchanged, over TLS on TCP 127.0.0.1. */
class HalfOpenTlsIT extends HalfOpenContract {
    @Override
    protected TransportFixture transport() {
        return TlsFixtures.over(TransportFixture.tcp("127.0.0.1"));
    }
}
