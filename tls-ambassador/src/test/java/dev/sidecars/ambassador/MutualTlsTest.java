package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.sidecars.common.testing.Cli;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** mTLS with SPIFFE allow-lists against real clients, with both engines; the identity reaches the app. */
class MutualTlsTest extends PkiTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private AmbassadorServer start(int backendPort, AmbassadorConfig.Engine engine, String... more) {
        Map<String, String> env = pki.serverEnv(backendPort, more);
        env.put("AMBASSADOR_CLIENT_CA_FILE", pki.ca.cert().toString());
        env.put("AMBASSADOR_ALLOW_URI", "spiffe://cluster/ns/search/**");
        env.put("AMBASSADOR_TLS_ENGINE", engine.name().toLowerCase());
        return AmbassadorServer.start(AmbassadorConfig.fromEnv(env), registry);
    }

    private double denials(String reason) {
        Counter c = registry.find("ambassador.denials").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void shouldAdmitAnAllowedSpiffeIdAndDenyAnother(AmbassadorConfig.Engine engine) throws Exception {
        try (var backend = Backends.echo(); var server = start(backend.port(), engine)) {
            try (SSLSocket allowed = pki.connect(server.port(), pki.allowedClient)) {
                assertArrayEquals("ok".getBytes(), TestPki.echo(allowed, "ok".getBytes()));
            }
            assertRefused(pki.otherClient, server.port());
            AmbassadorServerTest.awaitTrue(() -> denials("identity_not_allowed") == 1, registry.getMetersAsString());
        }
    }

    /** The handshake fails, or the connection is closed without an answer (TLS 1.3 checks the client after "finished"). */
    private static void assertRefused(dev.sidecars.common.testing.OpenSsl.Pair cert, int port) {
        try (SSLSocket socket = pki.connect(port, cert)) {
            assertEquals(0, TestPki.echo(socket, "no".getBytes()).length, "no byte may come back");
        } catch (Exception e) {
            assertTrue(e instanceof IOException, e.toString()); // refused during the handshake or on the first read
        }
    }

    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void shouldRefuseAClientWithoutCertificate(AmbassadorConfig.Engine engine) throws Exception {
        try (var backend = Backends.echo(); var server = start(backend.port(), engine)) {
            assertRefused(null, server.port());
        }
    }

    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void shouldAdmitWithCurlAndItsClientCertificate(AmbassadorConfig.Engine engine) throws Exception {
        try (var app = new Backends.HttpHeadersEcho();
             var server = start(app.port(), engine, "AMBASSADOR_PROTOCOL", "http")) {
            Cli.Result ok = Cli.curl("--cacert", pki.ca.cert().toString(), "--cert", pki.allowedClient.cert().toString(),
                    "--key", pki.allowedClient.key().toString(), "https://localhost:" + server.port() + "/");
            assertEquals(0, ok.status(), ok.output());
            assertTrue(ok.output().contains("x-client-uri: spiffe://cluster/ns/search/sa/indexer"), ok.output());
            assertTrue(ok.output().contains("x-client-cn: search-client"), ok.output());
            Cli.Result denied = Cli.curl("--cacert", pki.ca.cert().toString(), "--cert", pki.otherClient.cert().toString(),
                    "--key", pki.otherClient.key().toString(), "https://localhost:" + server.port() + "/");
            assertTrue(denied.status() != 0, denied.output());
        }
    }

    /** A TLS 1.2 session of a denied client, resumed with openssl s_client, is checked again and denied again. */
    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void shouldCheckTheIdentityAgainOnAResumedSession(AmbassadorConfig.Engine engine) throws Exception {
        String openssl = Cli.require("openssl", "openssl");
        Path session = dir.resolve("session-" + engine + ".pem");
        try (var backend = Backends.greeter("secret from the app"); var server = start(backend.port(), engine)) {
            String[] common = {openssl, "s_client", "-connect", "127.0.0.1:" + server.port(), "-tls1_2",
                    "-CAfile", pki.ca.cert().toString(), "-cert", pki.otherClient.cert().toString(),
                    "-key", pki.otherClient.key().toString(), "-ign_eof"};
            Cli.Result first = Cli.run(new byte[0], concat(common, "-sess_out", session.toString()));
            assertTrue(!first.output().contains("secret from the app"), first.output());
            Cli.Result resumed = Cli.run(new byte[0], concat(common, "-sess_in", session.toString()));
            assertTrue(resumed.output().contains("Reused, TLSv1.2"), "the session was resumed: " + resumed.output());
            assertTrue(!resumed.output().contains("secret from the app"), resumed.output());
            AmbassadorServerTest.awaitTrue(() -> denials("identity_not_allowed") == 2, registry.getMetersAsString());
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void shouldSendTheIdentityInAProxyProtocolV2Header(AmbassadorConfig.Engine engine) throws Exception {
        CompletableFuture<byte[]> header = new CompletableFuture<>();
        try (var backend = new Backends.Tcp((in, out) -> {
                 try {
                     DataInputStream data = new DataInputStream(in);
                     byte[] fixed = data.readNBytes(16);
                     int length = ((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff);
                     ByteArrayOutputStream all = new ByteArrayOutputStream();
                     all.writeBytes(fixed);
                     all.writeBytes(data.readNBytes(length));
                     header.complete(all.toByteArray());
                     out.write("ok".getBytes());
                 } catch (IOException e) {
                     header.completeExceptionally(e);
                 }
             });
             var server = start(backend.port(), engine, "AMBASSADOR_PROXY_PROTOCOL", "true");
             SSLSocket client = pki.connect(server.port(), pki.allowedClient)) {
            client.getOutputStream().write('x');
            client.getOutputStream().flush();
            byte[] h = header.get(20, TimeUnit.SECONDS);
            String text = new String(h, StandardCharsets.ISO_8859_1);
            assertEquals(0x21, h[12], "version 2, PROXY");
            assertEquals(0x11, h[13], "TCP over IPv4");
            assertTrue(text.contains("search-client"), "the CN sub-TLV");
            assertTrue(text.contains("spiffe://cluster/ns/search/sa/indexer"), "the SPIFFE ID TLV");
            assertTrue(text.contains("TLSv1.3"), "the version sub-TLV");
            assertEquals("ok", new String(client.getInputStream().readNBytes(2)));
        }
    }
}
