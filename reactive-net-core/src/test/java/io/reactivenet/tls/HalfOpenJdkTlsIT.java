package io.reactivenet.tls;

import io.reactivenet.testing.TlsFixtures;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.HalfOpenContract;

/** The HalfOpen contract unchanged, over TLS 1.3 on the JDK's engine, where end() sends close_notify then FIN, TCP 127.0.0.1. */
class HalfOpenJdkTlsIT extends HalfOpenContract {
    @Override
    protected TransportFixture transport() {
        return TlsFixtures.over(TransportFixture.tcp("127.0.0.1"), TlsProvider.JDK);
    }
}
