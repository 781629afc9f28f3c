package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;

import dev.sidecars.common.testing.OpenSsl;
import dev.sidecars.common.testing.SecretVolume;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates from a Secret volume, swapped through its ..data symlink while clients keep connecting. */
class ReloadTest {

    @TempDir
    Path certs;

    @TempDir
    Path secret;

    @Test
    void shouldServeTheNewPairWithoutFailingARequestAndKeepTheOldOnABrokenPair() throws Exception {
        TestPki pki = new TestPki(certs);
        OpenSsl.Pair second = pki.openssl.leaf(pki.ca, "second", OpenSsl.KeyFormat.RSA_PKCS8);
        OpenSsl.Pair third = pki.openssl.leaf(pki.ca, "third", OpenSsl.KeyFormat.EC_SEC1);
        SecretVolume volume = new SecretVolume(secret);
        volume.publish(pki.server.cert(), pki.server.key());
        Map<String, String> env = pki.serverEnv(0);
        env.remove("AMBASSADOR_TLS_CERT_FILE");
        env.remove("AMBASSADOR_TLS_KEY_FILE");
        env.put("AMBASSADOR_TLS_DIR", secret.toString());
        try (var backend = Backends.echo()) {
            env.put("AMBASSADOR_TARGET", "127.0.0.1:" + backend.port());
            try (var server = AmbassadorServer.start(AmbassadorConfig.fromEnv(env), new SimpleMeterRegistry())) {
                BigInteger first = servedSerial(pki, server.port());
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger ok = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                Thread load = Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        try (SSLSocket s = pki.connect(server.port(), null)) {
                            if (TestPki.echo(s, "ping".getBytes()).length == 4) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                });
                volume.publish(second.cert(), second.key());
                assertTrue(server.tls().reloadNow(), "the new pair is taken");
                BigInteger now = servedSerial(pki, server.port());
                assertFalse(now.equals(first), "new connections get the new certificate");

                volume.publish(third.cert(), second.key()); // mismatched: must not replace the working pair
                assertFalse(server.tls().reloadNow());
                assertEquals(now, servedSerial(pki, server.port()), "a broken pair keeps the old one serving");
                running.set(false);
                load.join();
                assertEquals(0, failed.get(), "no request failed during the reloads (" + ok.get() + " succeeded)");
                assertTrue(ok.get() > 0);
            }
        }
    }

    private static BigInteger servedSerial(TestPki pki, int port) throws Exception {
        try (SSLSocket s = pki.connect(port, null)) {
            return ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

}
