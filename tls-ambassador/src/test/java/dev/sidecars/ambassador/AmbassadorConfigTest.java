package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.testing.DocTables;
import dev.sidecars.common.tls.TlsSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmbassadorConfigTest {

    private static final Map<String, String> SERVER = Map.of("AMBASSADOR_TLS_DIR", "/etc/tls");

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    @Test
    void shouldDocumentEveryVariableInTheImageDoc() {
        DocTables.assertDocMatches(AmbassadorConfig.IMAGE);
    }

    @Test
    void shouldReportEveryInvalidVariableAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> AmbassadorConfig.fromEnv(Map.of(
                "AMBASSADOR_LOG_FORMAT", "xml",
                "AMBASSADOR_LOG_LEVEL", "loud")));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void shouldDefaultToSecureServerModeOnTheFamilyPorts() {
        AmbassadorConfig c = AmbassadorConfig.fromEnv(SERVER);
        assertEquals(AmbassadorConfig.Mode.SERVER, c.mode());
        assertEquals("0.0.0.0:8443", c.listen().toString());
        assertEquals("127.0.0.1:8080", c.target().toString());
        assertEquals(new TlsSource.SecretDirectory(java.nio.file.Path.of("/etc/tls")), c.tls());
        assertEquals(java.util.List.of("TLSv1.2", "TLSv1.3"), c.tlsVersions());
        assertEquals(AmbassadorConfig.ClientAuth.NONE, c.clientAuth());
        assertEquals(AmbassadorConfig.Engine.AUTO, c.engine());
    }

    @Test
    void shouldRequireClientCertificatesWhenAClientCaIsGiven() {
        assertEquals(AmbassadorConfig.ClientAuth.REQUIRE,
                AmbassadorConfig.fromEnv(with(SERVER, "AMBASSADOR_CLIENT_CA_FILE", "/etc/ca.crt")).clientAuth());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no certificate in server mode             | AMBASSADOR_MODE=server                                | server mode needs a certificate",
            "remote target                             | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_TARGET=10.0.0.5:80   | is not a loopback address",
            "remote target by name                     | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_TARGET=db.example:80 | is not a loopback address",
            "two certificate sources                   | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_TLS_PKCS12_FILE=/p   | more than one certificate source",
            "cert without key                          | AMBASSADOR_TLS_CERT_FILE=/c                           | go together",
            "TLS 1.1                                   | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_TLS_VERSIONS=TLSv1.1 | AMBASSADOR_TLS_VERSIONS: \"TLSv1.1\"",
            "CBC suite                                 | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_TLS_CIPHERS=TLS_RSA_WITH_AES_128_CBC_SHA | is not allowed (expected: a comma-separated list, each item one of TLS_AES_128_GCM",
            "optional auth without CA                  | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_CLIENT_AUTH=optional | needs AMBASSADOR_CLIENT_CA_FILE",
            "allow-list without client certificates    | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_ALLOW_CN=a            | check client certificates",
            "bad SPIFFE pattern                        | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_CLIENT_CA_FILE=/c,AMBASSADOR_ALLOW_URI=spiffe://x/a*b | partial wildcard",
            "PROXY protocol in http mode               | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_PROTOCOL=http,AMBASSADOR_PROXY_PROTOCOL=true | is for protocol tcp",
            "client mode on the pod address            | AMBASSADOR_MODE=client,AMBASSADOR_LISTEN=0.0.0.0:5432 | client mode accepts plain text",
            "client mode with server-only settings     | AMBASSADOR_MODE=client,AMBASSADOR_LISTEN=127.0.0.1:5432,AMBASSADOR_ALLOW_CN=a | is for server mode only",
            "SNI certificates in client mode           | AMBASSADOR_MODE=client,AMBASSADOR_LISTEN=127.0.0.1:5432,AMBASSADOR_TLS_SNI_DIRS=/s | AMBASSADOR_TLS_SNI_DIRS: is for server mode only",
            "unknown engine                            | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_TLS_ENGINE=gnutls    | one of auto, openssl, jdk",
            "negative keep-alive                       | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_PROTOCOL=http,AMBASSADOR_TARGET_KEEPALIVE=-1 | AMBASSADOR_TARGET_KEEPALIVE: \"-1\" is out of range (expected: a whole number from 0 to 100000)",
            "keep-alive not a number                   | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_PROTOCOL=http,AMBASSADOR_TARGET_KEEPALIVE=many | AMBASSADOR_TARGET_KEEPALIVE: \"many\" is not a whole number",
            "keep-alive timeout without unit           | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_PROTOCOL=http,AMBASSADOR_TARGET_KEEPALIVE_TIMEOUT=60 | AMBASSADOR_TARGET_KEEPALIVE_TIMEOUT: \"60\"",
            "keep-alive timeout of zero                | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_PROTOCOL=http,AMBASSADOR_TARGET_KEEPALIVE_TIMEOUT=0s | AMBASSADOR_TARGET_KEEPALIVE_TIMEOUT: \"0s\" would close every pooled connection at once",
            "keep-alive in tcp mode                    | AMBASSADOR_TLS_DIR=/t,AMBASSADOR_TARGET_KEEPALIVE=8   | AMBASSADOR_TARGET_KEEPALIVE: is for AMBASSADOR_PROTOCOL=http",
            "keep-alive in client mode                 | AMBASSADOR_MODE=client,AMBASSADOR_LISTEN=127.0.0.1:5432,AMBASSADOR_TARGET_KEEPALIVE_TIMEOUT=5s | AMBASSADOR_TARGET_KEEPALIVE_TIMEOUT: is for server mode only",
    })
    void shouldRejectInsecureOrContradictorySettings(String name, String env, String message) {
        Map<String, String> map = new HashMap<>();
        for (String kv : env.split(",")) {
            String[] p = kv.split("=", 2);
            map.put(p[0], p[1]);
        }
        ConfigException e = assertThrows(ConfigException.class, () -> AmbassadorConfig.fromEnv(map));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void shouldKeep32IdleConnectionsToTheAppFor60sByDefault() {
        AmbassadorConfig c = AmbassadorConfig.fromEnv(with(SERVER, "AMBASSADOR_PROTOCOL", "http"));
        assertEquals(32, c.targetKeepalive());
        assertEquals(java.time.Duration.ofSeconds(60), c.targetKeepaliveTimeout());
        AmbassadorConfig off = AmbassadorConfig.fromEnv(with(SERVER, "AMBASSADOR_PROTOCOL", "http", "AMBASSADOR_TARGET_KEEPALIVE", "0"));
        assertEquals(0, off.targetKeepalive());
        assertTrue(AmbassadorServer.pooling(c));
        assertTrue(!AmbassadorServer.pooling(off));
        assertTrue(!AmbassadorServer.pooling(AmbassadorConfig.fromEnv(SERVER)), "never in tcp mode");
    }

    @Test
    void shouldAcceptSniDirectoriesAsTheOnlyCertificates() {
        AmbassadorConfig c = AmbassadorConfig.fromEnv(Map.of("AMBASSADOR_TLS_SNI_DIRS", "/certs/api,/certs/apps"));
        assertEquals(List.of(Path.of("/certs/api"), Path.of("/certs/apps")), c.sniDirs());
        assertEquals(null, c.tls());
    }

    @Test
    void shouldAllowARemoteTargetOnlyWhenAskedTo() {
        AmbassadorConfig c = AmbassadorConfig.fromEnv(with(SERVER, "AMBASSADOR_TARGET", "10.0.0.5:80",
                "AMBASSADOR_ALLOW_REMOTE_TARGET", "true"));
        assertEquals("10.0.0.5:80", c.target().toString());
    }

    @Test
    void shouldVerifyTheTargetHostNameInClientModeByDefault() {
        AmbassadorConfig c = AmbassadorConfig.fromEnv(Map.of("AMBASSADOR_MODE", "client",
                "AMBASSADOR_LISTEN", "127.0.0.1:5432", "AMBASSADOR_TARGET", "db.example.com:5432"));
        assertEquals("db.example.com", c.serverName());
        assertEquals(null, c.tls(), "a client certificate is optional");
    }
}
