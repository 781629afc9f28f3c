package dev.sidecars.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import dev.sidecars.common.OpenSsl.KeyFormat;
import dev.sidecars.common.OpenSsl.Pair;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TLS listener whose certificate comes from a reloaded Secret volume, asked by a real client
 * ({@code openssl s_client}) which certificate it serves: a good update is served to new
 * connections, a broken one is not, and the old certificate keeps serving.
 */
class ReloadingKeyManagerTest {

    @TempDir
    Path certs;

    @TempDir
    Path secret;

    @Test
    void shouldKeepServingTheOldCertificateWhenTheNewPairIsBroken() throws Exception {
        OpenSsl openssl = new OpenSsl(certs);
        Pair ca = openssl.ca("serving-ca");
        Pair first = openssl.leaf(ca, "first", KeyFormat.RSA_PKCS8);
        Pair second = openssl.leaf(ca, "second", KeyFormat.EC_SEC1);
        SecretVolume volume = new SecretVolume(secret);
        volume.publish(first.cert(), first.key());

        TlsSource source = new TlsSource.SecretDirectory(secret);
        TlsMaterialLoader loader = new TlsMaterialLoader(Clock.systemUTC());
        try (Reloader<TlsMaterial> reloader = new Reloader<>("server", source.files(), () -> loader.load(source),
                Duration.ofMillis(100), new SimpleMeterRegistry());
             TlsServer server = new TlsServer(new ReloadingKeyManager(reloader::current))) {
            BigInteger firstSerial = reloader.start().leaf().getSerialNumber();
            assertEquals(firstSerial, servedSerial(openssl, server.port()));

            volume.publish(second.cert(), first.key()); // the new certificate with the old key: mismatched
            Thread.sleep(500); // several poll intervals: the reloader has seen and refused it
            assertEquals(firstSerial, servedSerial(openssl, server.port()), "a broken pair must not replace the old one");

            volume.publish(second.cert(), second.key());
            BigInteger secondSerial = PemReader.certificates(OpenSsl.read(second.cert())).getFirst().getSerialNumber();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!reloader.current().leaf().getSerialNumber().equals(secondSerial) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(secondSerial, servedSerial(openssl, server.port()), "the good pair is served to new connections");
        }
    }

    /** The serial of the leaf certificate that a real client is shown. */
    private static BigInteger servedSerial(OpenSsl openssl, int port) {
        String output = openssl.run("s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost");
        assertTrue(output.contains("BEGIN CERTIFICATE"), output);
        return PemReader.certificates(output).getFirst().getSerialNumber();
    }

    /** A JDK TLS listener that completes handshakes and closes; enough for a client to see the certificate. */
    private static final class TlsServer implements AutoCloseable {
        private final SSLServerSocket socket;
        private final Thread acceptor;

        TlsServer(KeyManager keyManager) throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, null, null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofPlatform().daemon().start(() -> {
                while (!socket.isClosed()) {
                    try (SSLSocket client = (SSLSocket) socket.accept()) {
                        client.setSoTimeout(5000);
                        client.startHandshake();
                    } catch (IOException e) {
                        // a client that hung up mid-handshake; keep accepting
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            acceptor.interrupt();
        }
    }
}
