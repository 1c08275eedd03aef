package io.reactivenet.testing;

import io.reactivenet.tls.Trust;
import io.reactivenet.tls.TlsOptions;

/** One throwaway CA and a server certificate for "localhost" and 127.0.0.1, for TLS contract runs. */
public final class TlsFixtures {

    public static final TestCerts.Issued CA = TestCerts.ca("reactive-net test CA");
    public static final TestCerts.Issued SERVER = TestCerts.leaf(CA, "localhost", "127.0.0.1", "::1");

    private TlsFixtures() {
    }

    public static TlsOptions server() {
        return TlsOptions.server(SERVER.certificatePem(), SERVER.keyPem());
    }

    public static TlsOptions client() {
        return TlsOptions.client().trust(new Trust.Pem(CA.certificatePem()));
    }

    /** TLS over {@code plain} with {@code provider} on both sides. */
    public static TransportFixture over(TransportFixture plain, io.reactivenet.tls.TlsProvider provider) {
        return TransportFixture.tls(plain, server().provider(provider), client().provider(provider));
    }

    /** TLS over {@code plain}, with the certificates above. */
    public static TransportFixture over(TransportFixture plain) {
        return TransportFixture.tls(plain, server(), client());
    }
}
