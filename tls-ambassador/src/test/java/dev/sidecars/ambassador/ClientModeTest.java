package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Client mode: plain on loopback, TLS out to a real TLS server (a server-mode ambassador), verified by default. */
class ClientModeTest extends PkiTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private AmbassadorServer clientMode(int remotePort, AmbassadorConfig.Engine engine, String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AMBASSADOR_MODE", "client",
                "AMBASSADOR_LISTEN", "127.0.0.1:0",
                "AMBASSADOR_TARGET", "127.0.0.1:" + remotePort,
                "AMBASSADOR_CA_FILE", pki.ca.cert().toString(),
                "AMBASSADOR_TLS_ENGINE", engine.name().toLowerCase()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return AmbassadorServer.start(AmbassadorConfig.fromEnv(env), registry);
    }

    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void shouldOriginateVerifiedTlsForAPlainClient(AmbassadorConfig.Engine engine) throws Exception {
        try (var backend = Backends.echo();
             var remote = AmbassadorServer.start(AmbassadorConfig.fromEnv(pki.serverEnv(backend.port())), new SimpleMeterRegistry());
             var local = clientMode(remote.port(), engine, "AMBASSADOR_SERVER_NAME", "localhost");
             Socket app = new Socket(InetAddress.getLoopbackAddress(), local.port())) {
            app.setSoTimeout(20_000);
            byte[] payload = "SELECT 1;".repeat(10_000).getBytes();
            assertArrayEquals(payload, TestPki.echo(app, payload));
            assertEquals(1, registry.find("ambassador.handshakes").counter().count());
        }
    }

    @Test
    void shouldVerifyTheTargetsIpAddressWhenNoServerNameIsSet() throws Exception {
        try (var backend = Backends.echo();
             var remote = AmbassadorServer.start(AmbassadorConfig.fromEnv(pki.serverEnv(backend.port())), new SimpleMeterRegistry());
             var local = clientMode(remote.port(), AmbassadorConfig.Engine.AUTO);
             Socket app = new Socket(InetAddress.getLoopbackAddress(), local.port())) {
            app.setSoTimeout(20_000);
            assertArrayEquals("ok".getBytes(), TestPki.echo(app, "ok".getBytes()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void shouldRefuseARemoteWhoseCertificateIsForAnotherHost(AmbassadorConfig.Engine engine) throws Exception {
        try (var backend = Backends.echo();
             var remote = AmbassadorServer.start(AmbassadorConfig.fromEnv(pki.serverEnv(backend.port())), new SimpleMeterRegistry());
             var local = clientMode(remote.port(), engine, "AMBASSADOR_SERVER_NAME", "db.wrong.example");
             Socket app = new Socket(InetAddress.getLoopbackAddress(), local.port())) {
            app.setSoTimeout(20_000);
            app.getOutputStream().write("secret".getBytes());
            InputStream in = app.getInputStream();
            assertEquals(-1, in.read(), "the app's connection is closed, nothing was relayed");
            AmbassadorServerTest.awaitTrue(() -> failures("bad_certificate") == 1, registry.getMetersAsString());
        }
    }

    @Test
    void shouldRefuseARemoteSignedByAnUntrustedCa() throws Exception {
        TestPki other = new TestPki(dir.resolve("other"));
        try (var backend = Backends.echo();
             var remote = AmbassadorServer.start(AmbassadorConfig.fromEnv(other.serverEnv(backend.port())), new SimpleMeterRegistry());
             var local = clientMode(remote.port(), AmbassadorConfig.Engine.AUTO, "AMBASSADOR_SERVER_NAME", "localhost");
             Socket app = new Socket(InetAddress.getLoopbackAddress(), local.port())) {
            app.setSoTimeout(20_000);
            assertEquals(-1, app.getInputStream().read());
            AmbassadorServerTest.awaitTrue(() -> failures("bad_certificate") == 1, registry.getMetersAsString());
        }
    }

    private double failures(String reason) {
        Counter c = registry.find("ambassador.handshake.failures").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

}
