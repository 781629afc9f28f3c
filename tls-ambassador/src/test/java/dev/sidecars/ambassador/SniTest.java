package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.sidecars.common.StartupException;
import dev.sidecars.common.testing.Cli;
import dev.sidecars.common.testing.OpenSsl;
import dev.sidecars.common.testing.SecretVolume;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several certificates, chosen by SNI (AMBASSADOR_TLS_SNI_DIRS), each from its own Secret volume: real
 * clients (JDK, openssl s_client -servername, curl --resolve) get the certificate for the name they asked.
 */
class SniTest {

    @TempDir
    static Path dir;

    static TestPki pki;
    static OpenSsl.Pair api;
    static OpenSsl.Pair apps;

    @BeforeAll
    static void certificates() {
        pki = new TestPki(dir.resolve("pki"));
        api = pki.openssl.leaf(pki.ca, "api", OpenSsl.KeyFormat.EC_PKCS8, "DNS:api.example.test");
        apps = pki.openssl.leaf(pki.ca, "apps", OpenSsl.KeyFormat.RSA_PKCS8, "DNS:*.apps.example.test");
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** The default certificate (CN=localhost) from AMBASSADOR_TLS_DIR, plus api and apps by SNI. */
    private AmbassadorServer start(Path volumes, int target, AmbassadorConfig.Engine engine, String... more) throws Exception {
        Map<String, String> env = new HashMap<>(pki.serverEnv(target, "AMBASSADOR_TLS_ENGINE", engine.name().toLowerCase(),
                "AMBASSADOR_READY_REQUIRES_TARGET", "false"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        env.remove("AMBASSADOR_TLS_CERT_FILE");
        env.remove("AMBASSADOR_TLS_KEY_FILE");
        env.put("AMBASSADOR_TLS_DIR", volume(volumes, "default", pki.server).toString());
        env.put("AMBASSADOR_TLS_SNI_DIRS", volume(volumes, "api", api) + "," + volume(volumes, "apps", apps));
        return AmbassadorServer.start(AmbassadorConfig.fromEnv(env), registry);
    }

    /** Secret volumes by directory, so that a test can publish a new version into one. */
    private static final Map<Path, SecretVolume> VOLUMES = new ConcurrentHashMap<>();

    private static Path volume(Path parent, String name, OpenSsl.Pair pair) throws Exception {
        Path d = Files.createDirectories(parent.resolve(name));
        if (!VOLUMES.containsKey(d)) {
            SecretVolume v = new SecretVolume(d);
            v.publish(pair.cert(), pair.key());
            VOLUMES.put(d, v);
        }
        return d;
    }

    private static X509Certificate served(int port, String serverName) throws Exception {
        SSLSocket s = (SSLSocket) pki.clientContext(null).getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        try (s) {
            s.setSoTimeout(20_000);
            SSLParameters params = s.getSSLParameters();
            params.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
            s.setSSLParameters(params);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    private static String cn(X509Certificate c) {
        return c.getSubjectX500Principal().getName();
    }

    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"JDK", "OPENSSL"})
    void shouldServeTheCertificateMatchingTheClientsServerName(AmbassadorConfig.Engine engine) throws Exception {
        try (var backend = Backends.echo(); var server = start(dir.resolve("v-" + engine), backend.port(), engine)) {
            assertEquals("CN=api", cn(served(server.port(), "api.example.test")));
            assertEquals("CN=api", cn(served(server.port(), "API.example.test")));
            assertEquals("CN=apps", cn(served(server.port(), "shop.apps.example.test")));
            assertEquals("CN=localhost", cn(served(server.port(), "a.b.apps.example.test")), "a wildcard covers one label");
            assertEquals("CN=localhost", cn(served(server.port(), "unknown.example.test")));
            assertEquals("CN=localhost", cn(served(server.port(), null)), "no SNI: the default");
            assertEquals(2, registry.find("ambassador.sni.selections").tag("match", "exact").counter().count());
            assertEquals(1, registry.find("ambassador.sni.selections").tag("match", "wildcard").counter().count());
            assertEquals(3, registry.find("ambassador.sni.selections").tag("match", "default").counter().count());
        }
    }

    @Test
    void shouldAnswerOpenSslClientsByServerName() throws Exception {
        String openssl = Cli.require("openssl", "openssl");
        try (var backend = Backends.greeter("hello"); var server = start(dir.resolve("v-openssl"), backend.port(), AmbassadorConfig.Engine.AUTO)) {
            for (String[] c : new String[][] {{"api.example.test", "CN = api"}, {"x.apps.example.test", "CN = apps"}}) {
                Cli.Result r = Cli.run(new byte[0], openssl, "s_client", "-connect", "127.0.0.1:" + server.port(),
                        "-servername", c[0], "-verify_hostname", c[0], "-CAfile", pki.ca.cert().toString(),
                        "-verify_return_error", "-ign_eof");
                assertTrue(r.output().contains("subject=" + c[1]) || r.output().contains("s:" + c[1]), r.output());
                assertTrue(r.output().contains("Verify return code: 0 (ok)"), r.output());
                assertTrue(r.output().contains("hello"), r.output());
            }
        }
    }

    @Test
    void shouldLetCurlVerifyEachHostNameAgainstItsOwnCertificate() throws Exception {
        try (var app = new Backends.HttpHeadersEcho(); var server = start(dir.resolve("v-curl"), app.port(), AmbassadorConfig.Engine.AUTO)) {
            for (String host : List.of("api.example.test", "shop.apps.example.test")) {
                Cli.Result r = Cli.curl("--cacert", pki.ca.cert().toString(), "--resolve", host + ":" + server.port() + ":127.0.0.1",
                        "https://" + host + ":" + server.port() + "/");
                assertEquals(0, r.status(), host + ": " + r.output());
                assertTrue(r.output().contains("host: " + host), r.output());
            }
            Cli.Result unknown = Cli.curl("--cacert", pki.ca.cert().toString(), "--resolve", "other.example.test:" + server.port() + ":127.0.0.1",
                    "https://other.example.test:" + server.port() + "/");
            assertEquals(60, unknown.status(), "the default certificate does not name other.example.test: " + unknown.output());
        }
    }

    @Test
    void shouldStillAnswerPlainHttpWithThe400PageWhenCertificatesAreChosenBySni() throws Exception {
        try (var app = new Backends.HttpHeadersEcho(); var server = start(dir.resolve("v-plain"), app.port(),
                AmbassadorConfig.Engine.AUTO, "AMBASSADOR_PROTOCOL", "http")) {
            Cli.Result r = Cli.curl("-i", "http://127.0.0.1:" + server.port() + "/");
            assertTrue(r.output().startsWith("HTTP/1.1 400 Bad Request"), r.output());
            assertEquals(1, registry.find("ambassador.handshake.failures").tag("reason", "not_tls").counter().count());
        }
    }

    @Test
    void shouldReloadEachSniCertificateFromItsOwnVolume() throws Exception {
        Path volumes = dir.resolve("v-reload");
        try (var backend = Backends.echo(); var server = start(volumes, backend.port(), AmbassadorConfig.Engine.AUTO)) {
            BigInteger before = served(server.port(), "api.example.test").getSerialNumber();
            BigInteger defaultBefore = served(server.port(), null).getSerialNumber();
            OpenSsl.Pair renewed = pki.openssl.leaf(pki.ca, "api-renewed", OpenSsl.KeyFormat.EC_PKCS8, "DNS:api.example.test");
            SecretVolume apiVolume = VOLUMES.get(volumes.resolve("api"));
            apiVolume.publish(renewed.cert(), renewed.key());
            assertTrue(server.tls().reloadNow());
            X509Certificate now = served(server.port(), "api.example.test");
            assertEquals("CN=api-renewed", cn(now));
            assertNotEquals(before, now.getSerialNumber());
            assertEquals(defaultBefore, served(server.port(), null).getSerialNumber(), "the others are untouched");

            apiVolume.publish(apps.cert(), renewed.key()); // mismatched pair: the whole set stays
            assertTrue(!server.tls().reloadNow());
            assertEquals("CN=api-renewed", cn(served(server.port(), "api.example.test")));
            assertTrue(registry.getMetersAsString().contains("sni:" + volumes.resolve("api")), registry.getMetersAsString());
        }
    }

    @Test
    void shouldRefuseToStartWithAnSniCertificateThatNamesNoHost() throws Exception {
        OpenSsl.Pair noSan = pki.openssl.leaf(pki.ca, "nosan", OpenSsl.KeyFormat.EC_PKCS8, new String[0]);
        Path volumes = dir.resolve("v-nosan");
        Map<String, String> env = new HashMap<>(pki.serverEnv(1, "AMBASSADOR_READY_REQUIRES_TARGET", "false"));
        env.put("AMBASSADOR_TLS_SNI_DIRS", volume(volumes, "nosan", noSan).toString());
        StartupException e = assertThrows(StartupException.class,
                () -> AmbassadorServer.start(AmbassadorConfig.fromEnv(env), registry).close());
        assertTrue(e.getMessage().contains("no DNS subject alternative name"), e.getMessage());
    }
}
