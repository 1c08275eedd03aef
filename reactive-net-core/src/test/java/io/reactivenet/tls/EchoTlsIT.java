package io.reactivenet.tls;

import io.reactivenet.testing.TlsFixtures;
import io.reactivenet.testing.TransportFixture;
import io.reactivenet.testing.contract.EchoContract;

/** The Echo contract unchanged, over TLS on TCP 127.0.0.1. */
class EchoTlsIT extends EchoContract {
    @Override
    protected TransportFixture transport() {
        return TlsFixtures.over(TransportFixture.tcp("127.0.0.1"));
    }
}
