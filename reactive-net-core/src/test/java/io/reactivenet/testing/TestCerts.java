package io.reactivenet.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificates for TLS tests, made with BouncyCastle in memory: a CA, and leaves it
 * signs with chosen names and validity. Test fixture only: nothing here is ever written to the
 * repository. EC P-256 keys, so generating them costs microseconds.
 */
public final class TestCerts {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    /** A certificate, its PEM text, and its key as PKCS#8 PEM. */
    public record Issued(X509Certificate certificate, PrivateKey key, String certificatePem, String keyPem) {
    }

    private TestCerts() {
    }

    /** A self-signed CA. */
    public static Issued ca(String name) {
        KeyPair kp = keyPair();
        return sign(name, kp, name, kp.getPrivate(), true, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
    }

    /** A leaf for {@code names} (DNS names, or IP literals) signed by {@code ca}, valid now. */
    public static Issued leaf(Issued ca, String... names) {
        return leaf(ca, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), names);
    }

    /** A leaf valid between {@code from} and {@code to}. */
    public static Issued leaf(Issued ca, Instant from, Instant to, String... names) {
        return sign(names.length == 0 ? "client" : names[0], keyPair(),
                ca.certificate().getSubjectX500Principal().getName(), ca.key(), false, from, to, names);
    }

    /** A self-signed leaf for {@code names} (no CA). */
    public static Issued selfSigned(String... names) {
        KeyPair kp = keyPair();
        return sign(names[0], kp, names[0], kp.getPrivate(), false, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), names);
    }

    private static Issued sign(String subject, KeyPair kp, String issuer, PrivateKey issuerKey, boolean isCa,
            Instant from, Instant to, String... names) {
        try {
            X500Name subj = subject.contains("=") ? new X500Name(subject) : new X500Name("CN=" + subject);
            X500Name iss = issuer.contains("=") ? new X500Name(issuer) : new X500Name("CN=" + issuer);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(iss, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(from), Date.from(to), subj, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (names.length > 0) {
                GeneralName[] g = new GeneralName[names.length];
                for (int i = 0; i < names.length; i++) {
                    boolean ip = names[i].matches("[0-9.]+") || names[i].contains(":");
                    g[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(g));
            }
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
            return new Issued(cert, kp.getPrivate(), pem("CERTIFICATE", cert.getEncoded()),
                    pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JDK client-side {@link SSLContext} that trusts {@code ca} only (for plain-JDK TLS peers in tests). */
    public static SSLContext trusting(X509Certificate ca) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
