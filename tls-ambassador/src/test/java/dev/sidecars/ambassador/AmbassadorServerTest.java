package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.sidecars.common.StartupException;
import dev.sidecars.common.testing.Cli;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ambassador in server mode, started in-process on port 0 in front of real backends, with real TLS clients. */
class AmbassadorServerTest extends PkiTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private AmbassadorServer start(Map<String, String> env) {
        return AmbassadorServer.start(AmbassadorConfig.fromEnv(env), registry);
    }

    private double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void shouldRelayOneMebibyteByteExactWithEitherEngine(AmbassadorConfig.Engine engine) throws Exception {
        byte[] payload = new byte[1 << 20];
        new Random(42).nextBytes(payload);
        try (var backend = Backends.echo();
             var server = start(pki.serverEnv(backend.port(), "AMBASSADOR_TLS_ENGINE", engine.name().toLowerCase()));
             SSLSocket socket = pki.connect(server.port(), null)) {
            assertEquals(engine == AmbassadorConfig.Engine.JDK ? SslProvider.JDK : SslProvider.OPENSSL, server.provider());
            assertArrayEquals(payload, TestPki.echo(socket, payload));
            assertEquals(payload.length, count("ambassador.bytes", "direction", "from_client"));
            assertEquals(1, count("ambassador.handshakes", "version", "TLSv1.3"));
        }
    }

    /** The app answers and closes first: the client gets every byte, then close_notify and FIN. */
    @Test
    void shouldPassTheAppsAnswerAfterTheAppHalfClosesFirst() throws Exception {
        try (var backend = Backends.greeter("bye");
             var server = start(pki.serverEnv(backend.port()));
             SSLSocket socket = pki.connect(server.port(), null)) {
            assertEquals("bye\n", new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    /** The app writes as fast as it can to a client that reads nothing: the proxy must stop reading from the app. */
    @Test
    void shouldStopReadingFromTheAppWhileTheClientDoesNotRead() throws Exception {
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        byte[] chunk = new byte[64 * 1024];
        try (var backend = new Backends.Tcp((in, out) -> {
                 try {
                     while (written.get() < (256L << 20)) {
                         out.write(chunk);
                         written.addAndGet(chunk.length);
                     }
                 } catch (IOException e) {
                     // the client went away at the end of the test
                 }
             });
             var server = start(pki.serverEnv(backend.port()));
             SSLSocket client = pki.connect(server.port(), null)) {
            long last = -1;
            while (written.get() != last) { // wait until the app is blocked: nothing more is taken from it
                last = written.get();
                Thread.sleep(500);
            }
            assertTrue(last < (64L << 20), "bounded by socket buffers and the 64 KiB high-water mark, not by the app: " + last);
            byte[] more = client.getInputStream().readNBytes((int) last + (8 << 20));
            assertEquals(last + (8 << 20), more.length, "reading resumes once the client reads");
        }
    }

    @Test
    void shouldServeOpenSslClientVerifyingTheChain() throws Exception {
        String openssl = Cli.require("openssl", "openssl");
        try (var backend = Backends.greeter("hello from the app"); var server = start(pki.serverEnv(backend.port()))) {
            Cli.Result r = Cli.run(new byte[0], openssl, "s_client",
                    "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost", "-CAfile", pki.ca.cert().toString(),
                    "-verify_return_error", "-verify_hostname", "localhost", "-ign_eof", "-tls1_3");
            assertTrue(r.output().contains("Verify return code: 0 (ok)"), r.output());
            assertTrue(r.output().contains("hello from the app"), r.output());
        }
    }

    @Test
    void shouldRefuseTls11AndCountTheFailure() throws Exception {
        String openssl = Cli.require("openssl", "openssl");
        try (var backend = Backends.echo(); var server = start(pki.serverEnv(backend.port()))) {
            Cli.Result r = Cli.run(new byte[0], openssl, "s_client", "-connect", "127.0.0.1:" + server.port(), "-tls1_1");
            assertTrue(r.status() != 0 || !r.output().contains("BEGIN CERTIFICATE"), r.output());
            awaitTrue(() -> count("ambassador.handshake.failures", "reason", "protocol_version")
                    + count("ambassador.handshake.failures", "reason", "other") >= 1, "the failure is counted: " + registry.getMetersAsString());
        }
    }

    @Test
    void shouldNotNegotiateCbcSuitesOnTls12() throws Exception {
        String openssl = Cli.require("openssl", "openssl");
        try (var backend = Backends.echo(); var server = start(pki.serverEnv(backend.port()))) {
            Cli.Result cbc = Cli.run(new byte[0], openssl, "s_client", "-connect", "127.0.0.1:" + server.port(), "-tls1_2",
                    "-cipher", "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA");
            assertFalse(cbc.output().contains("Cipher is ECDHE"), cbc.output());
            Cli.Result gcm = Cli.run(new byte[0], openssl, "s_client", "-connect", "127.0.0.1:" + server.port(), "-tls1_2");
            assertTrue(gcm.output().contains("Cipher is ECDHE-ECDSA-AES") && gcm.output().contains("GCM"), gcm.output());
        }
    }

    @Test
    void shouldCloseRandomBytesAndCountThemAsNotTls() throws Exception {
        try (var backend = Backends.echo(); var server = start(pki.serverEnv(backend.port()));
             Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            byte[] junk = new byte[4096];
            new Random(7).nextBytes(junk);
            junk[0] = 0x01; // never a TLS record type
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(junk);
            assertEquals(-1, raw.getInputStream().read(), "the connection is closed");
            assertEquals(1, count("ambassador.handshake.failures", "reason", "not_tls"));
        }
    }

    @Test
    void shouldCloseAConnectionThatNeverFinishesItsHandshake() throws Exception {
        try (var backend = Backends.echo();
             var server = start(pki.serverEnv(backend.port(), "AMBASSADOR_HANDSHAKE_TIMEOUT", "300ms"));
             Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            slow.setSoTimeout(10_000);
            slow.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // the start of a record, then silence
            long started = System.nanoTime();
            InputStream in = slow.getInputStream();
            while (in.read() != -1) {
                // an alert may come first
            }
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(8), "closed by the handshake timeout");
            awaitTrue(() -> count("ambassador.handshake.failures", "reason", "timeout") == 1, registry.getMetersAsString());
        }
    }

    @Test
    void shouldCloseIdleConnectionsAndThoseBeyondTheirMaximumLifetime() throws Exception {
        try (var backend = Backends.echo();
             var idle = start(pki.serverEnv(backend.port(), "AMBASSADOR_IDLE_TIMEOUT", "300ms"));
             var aged = start(pki.serverEnv(backend.port(), "AMBASSADOR_MAX_CONNECTION_LIFETIME", "300ms"));
             SSLSocket quiet = pki.connect(idle.port(), null);
             SSLSocket busy = pki.connect(aged.port(), null)) {
            assertEquals(-1, quiet.getInputStream().read(), "closed after 300 ms without traffic");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int echoed = 0;
            try {
                while (System.nanoTime() < deadline) { // traffic all along: only the lifetime can end it
                    busy.getOutputStream().write('x');
                    if (busy.getInputStream().read() != 'x') {
                        break;
                    }
                    echoed++;
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                // closed while writing: as good as a read of -1
            }
            assertTrue(System.nanoTime() < deadline, "closed by the maximum lifetime after " + echoed + " echoes");
        }
    }

    @Test
    void shouldExposeMetricsThatPromtoolAccepts() throws Exception {
        var prometheus = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        try (var backend = Backends.echo();
             var server = AmbassadorServer.start(AmbassadorConfig.fromEnv(pki.serverEnv(backend.port())), prometheus);
             SSLSocket socket = pki.connect(server.port(), null)) {
            assertArrayEquals("m".getBytes(), TestPki.echo(socket, "m".getBytes()));
            String scrape = prometheus.scrape();
            assertTrue(scrape.contains("ambassador_handshakes_total{cipher=\"TLS_AES_"), scrape);
            assertTrue(scrape.contains("tls_certificate_not_after_seconds{name=\"server\"}"), scrape);
            dev.sidecars.common.testing.Promtool.assertValid(scrape);
        }
    }

    /** 200 stalled half-handshakes at once: the limit and the handshake timeout clear them; real clients then get in. */
    @Test
    void shouldSurviveAHandshakeFloodAndServeRealClientsAfterwards() throws Exception {
        try (var backend = Backends.echo();
             var server = start(pki.serverEnv(backend.port(), "AMBASSADOR_MAX_CONNECTIONS", "50",
                     "AMBASSADOR_HANDSHAKE_TIMEOUT", "500ms"))) {
            java.util.List<Socket> flood = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}); // a truncated ClientHello
                    flood.add(s);
                }
                awaitTrue(() -> server.activeConnections() == 0, "every stalled connection is closed");
            } finally {
                for (Socket s : flood) {
                    s.close();
                }
            }
            assertTrue(count("ambassador.connections", "result", "rejected_limit") >= 100, registry.getMetersAsString());
            assertTrue(count("ambassador.handshake.failures", "reason", "timeout") >= 1, registry.getMetersAsString());
            try (SSLSocket real = pki.connect(server.port(), null)) {
                assertArrayEquals("after".getBytes(), TestPki.echo(real, "after".getBytes()));
            }
        }
    }

    @Test
    void shouldRefuseConnectionsOverTheLimit() throws Exception {
        try (var backend = Backends.echo();
             var server = start(pki.serverEnv(backend.port(), "AMBASSADOR_MAX_CONNECTIONS", "1"));
             SSLSocket first = pki.connect(server.port(), null)) {
            first.getOutputStream().write('x');
            assertEquals('x', first.getInputStream().read());
            assertThrows(IOException.class, () -> {
                try (SSLSocket second = pki.connect(server.port(), null)) {
                    second.getOutputStream().write('y');
                    if (second.getInputStream().read() == -1) {
                        throw new IOException("closed");
                    }
                }
            });
            assertEquals(1, count("ambassador.connections", "result", "rejected_limit"));
        }
    }

    @Test
    void shouldReportTheTargetNotReadyWhileItIsDown() throws Exception {
        int port;
        try (var backend = Backends.echo()) {
            port = backend.port();
        }
        try (var server = start(pki.serverEnv(port))) {
            awaitTrue(() -> server.probe().result().reason().contains("127.0.0.1:" + port), "the probe names the target");
            assertFalse(server.probe().result().healthy());
        }
    }

    @Test
    void shouldFailStartUpClearlyWhenThePortIsTaken() throws Exception {
        try (var backend = Backends.echo(); var first = start(pki.serverEnv(backend.port()))) {
            StartupException e = assertThrows(StartupException.class,
                    () -> start(pki.serverEnv(backend.port(), "AMBASSADOR_LISTEN", "127.0.0.1:" + first.port())));
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + first.port()), e.getMessage());
        }
    }

    @Test
    @SuppressWarnings("try") // the open connection is closed inside the block: that is what ends the drain
    void shouldDrainOpenConnectionsAndStopAccepting() throws Exception {
        try (var backend = Backends.echo(); var server = start(pki.serverEnv(backend.port()));
             SSLSocket open = pki.connect(server.port(), null)) {
            open.getOutputStream().write('a');
            assertEquals('a', open.getInputStream().read());
            var drained = server.drain().toCompletableFuture();
            assertThrows(IOException.class, () -> pki.connect(server.port(), null).close());
            open.getOutputStream().write('b');
            assertEquals('b', open.getInputStream().read(), "an open connection keeps working while draining");
            assertFalse(drained.isDone());
            open.close();
            drained.get(10, TimeUnit.SECONDS);
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String message) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + message);
            }
            Thread.sleep(20);
        }
    }
}
