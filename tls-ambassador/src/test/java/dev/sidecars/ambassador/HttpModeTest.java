package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sidecars.common.testing.Cli;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** http protocol mode with curl: forwarded headers set by us alone, and plain HTTP answered with a 400 page. */
class HttpModeTest extends PkiTest {

    private AmbassadorServer start(int port) {
        return AmbassadorServer.start(AmbassadorConfig.fromEnv(pki.serverEnv(port, "AMBASSADOR_PROTOCOL", "http")),
                new SimpleMeterRegistry());
    }

    @Test
    void shouldSetForwardedHeadersAndStripTheClientsCopies() throws Exception {
        try (var app = new Backends.HttpHeadersEcho(); var server = start(app.port())) {
            Cli.Result r = Cli.curl("--cacert", pki.ca.cert().toString(), "-H", "X-Forwarded-For: 6.6.6.6",
                    "-H", "X-Client-CN: admin", "https://localhost:" + server.port() + "/anything");
            assertEquals(0, r.status(), r.output());
            assertTrue(r.output().contains("x-forwarded-for: 127.0.0.1\n"), r.output());
            assertTrue(r.output().contains("x-forwarded-proto: https\n"), r.output());
            assertTrue(r.output().contains("x-client-verified: NONE\n"), r.output());
            assertFalse(r.output().contains("6.6.6.6"), r.output());
            assertFalse(r.output().contains("admin"), r.output());
        }
    }

    @Test
    void shouldServeSeveralRequestsOnOneKeepAliveConnection() throws Exception {
        try (var app = new Backends.HttpHeadersEcho(); var server = start(app.port())) {
            String url = "https://localhost:" + server.port() + "/";
            Cli.Result r = Cli.curl("--cacert", pki.ca.cert().toString(), "-w", "%{num_connects}\n", url, url, url);
            assertEquals(0, r.status(), r.output());
            assertEquals(3, r.output().split("x-forwarded-proto: https").length - 1, r.output());
        }
    }

    @Test
    void shouldAnswerPlainHttpOnTheTlsPortWithA400Page() throws Exception {
        try (var app = new Backends.HttpHeadersEcho(); var server = start(app.port())) {
            Cli.Result r = Cli.curl("-i", "http://127.0.0.1:" + server.port() + "/");
            assertEquals(0, r.status(), r.output());
            assertTrue(r.output().startsWith("HTTP/1.1 400 Bad Request"), r.output());
            assertTrue(r.output().contains("The plain HTTP request was sent to HTTPS port"), r.output());
        }
    }
}
