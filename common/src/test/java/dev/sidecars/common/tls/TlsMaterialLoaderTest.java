package dev.sidecars.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.sidecars.common.testing.OpenSsl.KeyFormat;
import dev.sidecars.common.testing.OpenSsl.Pair;
import dev.sidecars.common.testing.OpenSsl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TlsMaterialLoaderTest {

    @TempDir
    static Path dir;

    static OpenSsl openssl;
    static Pair ca;
    static Pair rsaLeaf;
    static Pair ecLeaf;

    private final TlsMaterialLoader loader = new TlsMaterialLoader(Clock.systemUTC());

    @BeforeAll
    static void makeCertificates() {
        openssl = new OpenSsl(dir);
        ca = openssl.ca("test-ca");
        rsaLeaf = openssl.leaf(ca, "rsa-leaf", KeyFormat.RSA_PKCS8);
        ecLeaf = openssl.leaf(ca, "ec-leaf", KeyFormat.EC_PKCS8);
    }

    private static String message(Runnable action) {
        return assertThrows(IllegalArgumentException.class, action::run).getMessage();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(KeyFormat.class)
    void shouldLoadEveryKeyFormat(KeyFormat format) {
        Pair pair = openssl.leaf(ca, "leaf-" + format.name().toLowerCase(), format);
        String pem = OpenSsl.read(pair.key());
        switch (format) {
            case RSA_PKCS1 -> assertTrue(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pem);
            case EC_SEC1 -> assertTrue(pem.startsWith("-----BEGIN EC PRIVATE KEY-----"), pem);
            case EC_SEC1_WITH_PARAMETERS -> assertTrue(pem.startsWith("-----BEGIN EC PARAMETERS-----"), pem);
            default -> assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
        }
        TlsMaterial material = loader.load(new TlsSource.PemFiles(pair.cert(), pair.key(), null));
        assertEquals("CN=leaf-" + format.name().toLowerCase(), material.subject());
        assertTrue(TlsMaterialLoader.keyMatches(material.key(), material.leaf().getPublicKey()));
        String expectedAlgorithm = switch (format) {
            case RSA_PKCS8, RSA_PKCS1 -> "RSA";
            case ED25519 -> material.leaf().getPublicKey().getAlgorithm();
            default -> "EC";
        };
        assertEquals(expectedAlgorithm, material.key().getAlgorithm());
        assertEquals(List.of(), material.authorities());
    }

    @Test
    void shouldLoadKeyWithWindowsLineEndings() throws IOException {
        Path crlf = openssl.write("crlf.key", OpenSsl.read(ecLeaf.key()).replace("\n", "\r\n"));
        Path crlfCert = openssl.write("crlf.crt", OpenSsl.read(ecLeaf.cert()).replace("\n", "\r\n"));
        TlsMaterial material = loader.load(new TlsSource.PemFiles(crlfCert, crlf, null));
        assertEquals("CN=ec-leaf", material.subject());
    }

    @Test
    void shouldLoadChainLeafFirst() {
        Path chain = openssl.concat("chain.crt", rsaLeaf.cert(), ca.cert());
        TlsMaterial material = loader.load(new TlsSource.PemFiles(chain, rsaLeaf.key(), ca.cert()));
        assertEquals(2, material.chain().size());
        assertEquals("CN=rsa-leaf", material.subject());
        assertEquals("CN=test-ca", material.chain().get(1).getSubjectX500Principal().getName());
        assertEquals(1, material.authorities().size());
    }

    @Test
    void shouldRejectKeyOfAnotherCertificate() {
        Pair other = openssl.leaf(ca, "other-ec", KeyFormat.EC_PKCS8);
        String m = message(() -> loader.load(new TlsSource.PemFiles(ecLeaf.cert(), other.key(), null)));
        assertTrue(m.contains("does not belong"), m);
        assertTrue(m.contains("CN=ec-leaf"), m);
        m = message(() -> loader.load(new TlsSource.PemFiles(rsaLeaf.cert(), ecLeaf.key(), null)));
        assertTrue(m.contains("does not belong"), m);
    }

    @Test
    void shouldRejectExpiredCertificate() {
        Pair expired = openssl.expiredLeaf(ca, "expired");
        X509Certificate cert = PemReader.certificates(OpenSsl.read(expired.cert())).getFirst();
        assertTrue(cert.getNotAfter().toInstant().toString().startsWith("2020-01-02"), cert.getNotAfter().toString());
        String m = message(() -> loader.load(new TlsSource.PemFiles(expired.cert(), expired.key(), null)));
        assertTrue(m.contains("expired"), m);
        assertTrue(m.contains("CN=expired"), m);
    }

    @Test
    void shouldRejectCertificateThatExpiredByTheClock() {
        TlsMaterialLoader later = new TlsMaterialLoader(Clock.offset(Clock.systemUTC(), Duration.ofDays(3)));
        String m = message(() -> later.load(new TlsSource.PemFiles(ecLeaf.cert(), ecLeaf.key(), null)));
        assertTrue(m.contains("expired"), m);
    }

    @Test
    void shouldNameMissingFile() {
        Path missing = dir.resolve("missing.crt");
        String m = message(() -> loader.load(new TlsSource.PemFiles(missing, ecLeaf.key(), null)));
        assertEquals(missing + " does not exist", m);
        m = message(() -> loader.load(new TlsSource.PemFiles(ecLeaf.cert(), dir.resolve("missing.key"), null)));
        assertTrue(m.contains("missing.key does not exist"), m);
        m = message(() -> loader.load(new TlsSource.Pkcs12(dir.resolve("missing.p12"), null)));
        assertTrue(m.contains("missing.p12 does not exist"), m);
    }

    @Test
    void shouldSayNoPemInGarbage() {
        Path garbage = openssl.write("garbage.pem", "this is not PEM at all\n");
        String m = message(() -> loader.load(new TlsSource.PemFiles(garbage, ecLeaf.key(), null)));
        assertTrue(m.startsWith(garbage.toString()), m);
        assertTrue(m.contains("no PEM"), m);
        m = message(() -> loader.load(new TlsSource.PemFiles(ecLeaf.cert(), garbage, null)));
        assertTrue(m.contains("no PEM"), m);
        // a certificate where the key should be is also "no key"
        m = message(() -> loader.load(new TlsSource.PemFiles(ecLeaf.cert(), ecLeaf.cert(), null)));
        assertTrue(m.contains("no PEM private key"), m);
    }

    @Test
    void shouldSayEncryptedForEncryptedPkcs8Key() {
        Path encrypted = openssl.encryptedPkcs8(ecLeaf.key(), "pw");
        assertTrue(OpenSsl.read(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        String m = message(() -> loader.load(new TlsSource.PemFiles(ecLeaf.cert(), encrypted, null)));
        assertTrue(m.contains("encrypted"), m);
    }

    @Test
    void shouldSayEncryptedForEncryptedTraditionalKey() {
        Path encrypted = openssl.encryptedTraditionalRsa(rsaLeaf.key(), "pw");
        assertTrue(OpenSsl.read(encrypted).contains("Proc-Type: 4,ENCRYPTED"));
        String m = message(() -> loader.load(new TlsSource.PemFiles(rsaLeaf.cert(), encrypted, null)));
        assertTrue(m.contains("encrypted"), m);
    }

    @Test
    void shouldLoadPkcs12WithPasswordFile() {
        Path keystore = openssl.pkcs12(rsaLeaf, ca, "s3cret");
        Path password = openssl.write("p12.password", "s3cret\n");
        TlsMaterial material = loader.load(new TlsSource.Pkcs12(keystore, password));
        assertEquals("CN=rsa-leaf", material.subject());
        assertEquals(2, material.chain().size());
        assertTrue(TlsMaterialLoader.keyMatches(material.key(), material.leaf().getPublicKey()));
    }

    @Test
    void shouldExplainWrongPkcs12Password() {
        Path keystore = openssl.pkcs12(ecLeaf, ca, "right");
        Path password = openssl.write("wrong.password", "wrong");
        String m = message(() -> loader.load(new TlsSource.Pkcs12(keystore, password)));
        assertTrue(m.startsWith(keystore.toString()), m);
        assertTrue(m.contains("wrong password"), m);
        assertFalse(m.contains("right"), m);
    }

    @Test
    void shouldRejectPemAsPkcs12() {
        String m = message(() -> loader.load(new TlsSource.Pkcs12(ecLeaf.cert(), null)));
        assertTrue(m.contains("PKCS#12"), m);
    }

    @Test
    void shouldLoadSecretDirectoryWithAndWithoutCa() throws IOException {
        Path secret = Files.createDirectories(dir.resolve("secret"));
        Files.copy(ecLeaf.cert(), secret.resolve("tls.crt"));
        Files.copy(ecLeaf.key(), secret.resolve("tls.key"));
        TlsSource.SecretDirectory source = new TlsSource.SecretDirectory(secret);
        assertEquals(List.of(secret.resolve("tls.crt"), secret.resolve("tls.key"), secret.resolve("ca.crt")), source.files());
        assertEquals(List.of(), loader.load(source).authorities());
        Files.copy(ca.cert(), secret.resolve("ca.crt"));
        TlsMaterial material = loader.load(source);
        assertEquals(1, material.authorities().size());
        assertEquals("CN=test-ca", material.authorities().getFirst().getSubjectX500Principal().getName());
    }

    @Test
    void shouldLoadCaBundle() {
        Pair otherCa = openssl.ca("other-ca");
        Path bundle = openssl.concat("bundle.crt", ca.cert(), otherCa.cert());
        assertEquals(2, TlsMaterialLoader.loadAuthorities(bundle).size());
        String m = message(() -> TlsMaterialLoader.loadAuthorities(ecLeaf.key()));
        assertTrue(m.contains("no PEM CERTIFICATE"), m);
    }

    @Test
    void shouldRejectCorruptBase64() {
        Path corrupt = openssl.write("corrupt.crt", "-----BEGIN CERTIFICATE-----\nAAAA=AAA\n-----END CERTIFICATE-----\n");
        String m = message(() -> loader.load(new TlsSource.PemFiles(corrupt, ecLeaf.key(), null)));
        assertTrue(m.startsWith(corrupt.toString()), m);
        Path truncated = openssl.write("truncated.key", "-----BEGIN EC PRIVATE KEY-----\nMAo=\n-----END EC PRIVATE KEY-----\n");
        m = message(() -> loader.load(new TlsSource.PemFiles(ecLeaf.cert(), truncated, null)));
        assertTrue(m.startsWith(truncated.toString()), m);
    }
}
