package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.testing.Cli;
import dev.sidecars.common.testing.Promtool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy end to end in-process: real upstreams on 127.0.0.x, real clients (JDK HttpClient, curl). */
class EgressProxyTest {

    private static TestUpstream api;
    private static TestUpstream internal;
    private static Map<String, List<InetAddress>> names;

    @BeforeAll
    static void startUpstreams() throws IOException {
        api = new TestUpstream("127.0.0.2", "api");
        internal = new TestUpstream("127.0.0.3", "internal");
        names = Map.of(
                "api.example.com", List.of(api.address()),
                "other.example.com", List.of(api.address()),
                "rebind.example.com", List.of(internal.address()),
                "metadata.example.com", List.of(InetAddress.getByName("169.254.169.254")),
                "numbers-api", List.of(internal.address()),
                "slow.example.com", List.of());
    }

    @AfterAll
    static void stopUpstreams() {
        api.close();
        internal.close();
    }

    /** The API's loopback address stands for a public one: it is opened explicitly, the rest of 127/8 stays denied. */
    private static Map<String, String> env(String... more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "EGRESS_ALLOW", "api.example.com:" + api.port() + ",rebind.example.com:" + internal.port()
                        + ",metadata.example.com:80,169.254.169.254",
                "EGRESS_ALLOW_CIDRS", "127.0.0.2/32"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static HttpResponse<String> get(RunningProxy proxy, String url) throws Exception {
        return proxy.client().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldForwardAnAllowedRequestFromTheJdkClient() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            HttpResponse<String> response = get(proxy, "http://api.example.com:" + api.port() + "/hello?x=1");

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("api GET /hello?x=1 0\n", response.body());
            assertEquals("api.example.com:" + api.port(), api.last().header("Host"));
            String line = proxy.awaitDecisions(1).getLast();
            assertTrue(line.contains("\"decision\":\"allow\"") && line.contains("\"host\":\"api.example.com\"")
                    && line.contains("\"address\":\"127.0.0.2\"") && line.contains("\"status\":200")
                    && line.contains("\"allowed_by\":\"api.example.com:" + api.port() + "\""), line);
        }
    }

    @Test
    void shouldDenyAHostNotInTheAllowListWith403AndAReason() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            int before = api.seen.size();
            HttpResponse<String> response = get(proxy, "http://other.example.com:" + api.port() + "/secret");

            assertEquals(403, response.statusCode());
            assertEquals("not-allowed", response.headers().firstValue("X-Egress-Denied").orElse(null));
            assertTrue(response.body().contains("denied"), response.body());
            assertEquals(before, api.seen.size(), "the upstream must not be reached");
            String line = proxy.awaitDecisions(1).getLast();
            assertTrue(line.contains("\"decision\":\"deny\"") && line.contains("\"reason\":\"not-allowed\""), line);
        }
    }

    @Test
    void shouldDenyAnAllowedNameThatResolvesToADeniedRange() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            int before = internal.seen.size();
            HttpResponse<String> response = get(proxy, "http://rebind.example.com:" + internal.port() + "/");

            assertEquals(403, response.statusCode());
            assertEquals("denied-address", response.headers().firstValue("X-Egress-Denied").orElse(null));
            assertEquals(before, internal.seen.size(), "an allowed name must not open a private address");
            assertTrue(proxy.awaitDecisions(1).getLast().contains("\"address\":\"127.0.0.3\""));
        }
    }

    @Test
    void shouldDenyTheCloudMetadataEndpointEvenWhenAllowListed() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://metadata.example.com/latest")) {
                HttpResponse<String> response = get(proxy, url);
                assertEquals(403, response.statusCode(), url);
                assertEquals("denied-address", response.headers().firstValue("X-Egress-Denied").orElse(null), url);
            }
        }
    }

    @Test
    void shouldRefuseNonCanonicalIpLiteralsInsteadOfResolvingThem() throws Exception {
        // Raw requests: curl itself rewrites such hosts to 127.0.0.1 before the proxy sees them.
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            for (String host : List.of("2130706433", "0x7f.1", "0177.0.0.1", "127.1", "[[example.net]]", "[::1", "example.net]")) {
                try (var socket = new java.net.Socket("127.0.0.1", proxy.port())) {
                    socket.getOutputStream().write(("GET http://" + host + "/ HTTP/1.1\r\nHost: x\r\n\r\n").getBytes());
                    String head = RawHttp.readHead(socket);
                    assertTrue(head.startsWith("HTTP/1.1 400") && head.contains("invalid-target"), host + ": " + head);
                }
            }
        }
    }

    @Test
    void shouldKeepTheAppConnectionAliveAcrossRequestsWithCurl() {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            String url = "http://api.example.com:" + api.port();
            Cli.Result result = Cli.curl("-v", "-x", proxy.proxyUrl(), url + "/one", url + "/two", "http://other.example.com/three");

            assertTrue(result.output().contains("api GET /one 0") && result.output().contains("api GET /two 0"), result.output());
            assertTrue(result.output().contains("egress-proxy: denied (not-allowed)"), result.output());
            assertTrue(result.output().matches("(?s).*(Re-using|Reusing) existing.*"), "curl must reuse the connection: " + result.output());
        }
    }

    @Test
    void shouldPassTheUpstreamsRedirectThroughWithoutFollowingIt() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            HttpResponse<String> response = get(proxy, "http://api.example.com:" + api.port() + "/redirect");

            assertEquals(302, response.statusCode());
            assertEquals("http://elsewhere.example/", response.headers().firstValue("Location").orElse(null));
        }
    }

    @Test
    void shouldStripHopByHopHeadersAndProxyCredentialsAndTrustTheRequestTarget() {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            Cli.Result result = Cli.curl("-x", proxy.proxyUrl(), "-H", "Proxy-Authorization: Basic c2VjcmV0OnNlY3JldA==",
                    "-H", "Host: other.example.com", "-H", "Connection: keep-alive, X-Private", "-H", "X-Private: 1",
                    "-H", "Keep-Alive: timeout=5", "-H", "X-Kept: yes",
                    "http://api.example.com:" + api.port() + "/headers");

            assertTrue(result.output().contains("api GET /headers"), result.output());
            TestUpstream.Seen seen = api.last();
            assertNull(seen.header("Proxy-Authorization"));
            assertNull(seen.header("X-Private"));
            assertNull(seen.header("Keep-Alive"));
            assertNull(seen.header("Proxy-Connection"));
            assertEquals("yes", seen.header("X-Kept"));
            assertEquals("api.example.com:" + api.port(), seen.header("Host"));
        }
    }

    @Test
    void shouldRemoveAnUpstreamCopyOfTheDenialHeader() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            HttpResponse<String> response = get(proxy, "http://api.example.com:" + api.port() + "/forged");

            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("X-Egress-Denied").isEmpty(), response.headers().toString());
        }
    }

    @Test
    void shouldRelayLargeChunkedAndHeadResponsesIntact() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            String base = "http://api.example.com:" + api.port();
            HttpResponse<byte[]> big = proxy.client().send(HttpRequest.newBuilder(URI.create(base + "/big"))
                            .timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(4 * 1024 * 1024, big.body().length);
            assertEquals('a' + (4 * 1024 * 1024 - 1) % 26, big.body()[big.body().length - 1]);

            HttpResponse<String> chunked = get(proxy, base + "/chunked");
            assertEquals("api GET /chunked 0\n", chunked.body());

            HttpResponse<String> head = proxy.client().send(HttpRequest.newBuilder(URI.create(base + "/head"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            HttpResponse<String> after = get(proxy, base + "/after-head");
            assertEquals("api GET /after-head 0\n", after.body(), "the connection must stay usable after HEAD");
        }
    }

    @Test
    void shouldForwardRequestBodies() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            byte[] body = new byte[300_000];
            HttpResponse<String> response = proxy.client().send(HttpRequest.newBuilder(
                            URI.create("http://api.example.com:" + api.port() + "/upload"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals("api POST /upload 300000\n", response.body());
        }
    }

    @Test
    void shouldMapALocalRouteToItsUpstreamForProxyAndDirectRequests() throws Exception {
        String routes = "http://localhost/api=http://numbers-api:" + internal.port() + "/rng";
        try (RunningProxy proxy = new RunningProxy(env("EGRESS_ROUTES", routes), names)) {
            HttpResponse<String> viaProxy = get(proxy, "http://localhost/api/7?seed=1");
            assertEquals(200, viaProxy.statusCode(), viaProxy.body());
            assertEquals("internal GET /rng/7?seed=1 0\n", viaProxy.body());
            assertEquals("numbers-api:" + internal.port(), internal.last().header("Host"));

            Cli.Result direct = Cli.curl("http://127.0.0.1:" + proxy.port() + "/api");
            assertEquals("internal GET /rng 0\n", direct.output());

            Cli.Result unknown = Cli.curl("-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:" + proxy.port() + "/apix");
            assertEquals("404", unknown.output());
            assertTrue(proxy.awaitDecisions(3).getFirst().contains("\"route\":\"/api\""), proxy.decisions().toString());
        }
    }

    @Test
    void shouldTunnelAnAllowedConnectToATlsUpstreamAndRefuseOtherPorts(@TempDir Path dir) throws Exception {
        try (TlsUpstream tls = new TlsUpstream(dir, "127.0.0.2", "secure.example.com");
             RunningProxy proxy = new RunningProxy(env("EGRESS_ALLOW", "secure.example.com",
                     "EGRESS_CONNECT_PORTS", String.valueOf(tls.port())),
                     Map.of("secure.example.com", List.of(api.address())))) {
            Cli.Result ok = Cli.curl("-x", proxy.proxyUrl(), "--cacert", tls.caFile().toString(),
                    "https://secure.example.com:" + tls.port() + "/");
            assertEquals(0, ok.status(), ok.output());
            assertTrue(ok.output().contains("s_server"), ok.output());

            Cli.Result otherPort = Cli.curl("-x", proxy.proxyUrl(), "--cacert", tls.caFile().toString(),
                    "-o", "/dev/null", "-w", "%{http_connect}", "https://secure.example.com:444/");
            assertTrue(otherPort.output().trim().endsWith("403"), otherPort.output());
            List<String> lines = proxy.awaitDecisions(2);
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"method\":\"CONNECT\"") && l.contains("\"decision\":\"allow\"")
                    && !l.contains("\"bytes_to_client\":0,")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"reason\":\"port-not-allowed\"")), lines.toString());
        }
    }

    @Test
    void shouldForwardButRecordWouldDenyInReportMode() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env("EGRESS_MODE", "report", "EGRESS_ALLOW_CIDRS", "127.0.0.2/32"), names)) {
            HttpResponse<String> response = get(proxy, "http://other.example.com:" + api.port() + "/trial");

            assertEquals(200, response.statusCode());
            String line = proxy.awaitDecisions(1).getLast();
            assertTrue(line.contains("\"decision\":\"would-deny\"") && line.contains("\"reason\":\"not-allowed\""), line);
        }
    }

    @Test
    void shouldAnswerDnsAndConnectFailuresWithGatewayErrors() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env("EGRESS_ALLOW", "*.example.com:" + api.port() + ",slow.example.com",
                "EGRESS_DNS_TIMEOUT", "300ms"), names)) {
            HttpResponse<String> unknown = get(proxy, "http://nowhere.example.com:" + api.port() + "/");
            assertEquals(502, unknown.statusCode());
            assertEquals("dns-failure", unknown.headers().firstValue("X-Egress-Error").orElse(null));

            HttpResponse<String> slow = get(proxy, "http://slow.example.com/");
            assertEquals(504, slow.statusCode());
            assertEquals("dns-timeout", slow.headers().firstValue("X-Egress-Error").orElse(null));
        }
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, api.address())) {
            closedPort = socket.getLocalPort();
        }
        try (RunningProxy proxy = new RunningProxy(env("EGRESS_ALLOW", "api.example.com:" + closedPort), names)) {
            HttpResponse<String> refused = get(proxy, "http://api.example.com:" + closedPort + "/");
            assertEquals(502, refused.statusCode());
            assertEquals("connect-failed", refused.headers().firstValue("X-Egress-Error").orElse(null));
        }
    }

    @Test
    void shouldAnswerAConnectTimeoutWith504() throws Exception {
        // A listener that never accepts, its backlog filled: the kernel drops further SYNs, so a connect
        // hangs, on loopback, until our timeout.
        try (var blackHole = new java.net.ServerSocket()) {
            blackHole.bind(new java.net.InetSocketAddress(api.address(), 0), 1);
            int port = blackHole.getLocalPort();
            List<java.net.Socket> filling = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    var s = new java.net.Socket();
                    try {
                        s.connect(new java.net.InetSocketAddress(api.address(), port), 200);
                        filling.add(s);
                    } catch (java.net.SocketTimeoutException full) {
                        s.close();
                        break;
                    }
                }
                try (RunningProxy proxy = new RunningProxy(env("EGRESS_ALLOW", "api.example.com:" + port,
                        "EGRESS_CONNECT_TIMEOUT", "300ms"), names)) {
                    HttpResponse<String> response = get(proxy, "http://api.example.com:" + port + "/");
                    assertEquals(504, response.statusCode(), response.body());
                    assertEquals("connect-timeout", response.headers().firstValue("X-Egress-Error").orElse(null));
                }
            } finally {
                for (var s : filling) {
                    s.close();
                }
            }
        }
    }

    @Test
    void shouldRefuseTunnelsAndConnectionsOverTheirLimits(@TempDir Path dir) throws Exception {
        try (TlsUpstream tls = new TlsUpstream(dir, "127.0.0.2", "secure.example.com");
             RunningProxy proxy = new RunningProxy(env("EGRESS_ALLOW", "secure.example.com:" + tls.port(),
                     "EGRESS_MAX_TUNNELS", "1", "EGRESS_MAX_CONNECTIONS", "2"),
                     Map.of("secure.example.com", List.of(api.address())));
             var first = new java.net.Socket("127.0.0.1", proxy.port());
             var second = new java.net.Socket("127.0.0.1", proxy.port())) {
            String connect = "CONNECT secure.example.com:" + tls.port() + " HTTP/1.1\r\nHost: secure.example.com\r\n\r\n";
            first.getOutputStream().write(connect.getBytes());
            String established = RawHttp.readHead(first);
            assertTrue(established.startsWith("HTTP/1.1 200"), established.replace("\r\n", " | "));
            second.getOutputStream().write(connect.getBytes());
            String refused = RawHttp.readHead(second);
            assertTrue(refused.startsWith("HTTP/1.1 429") && refused.contains("tunnel-limit"), refused);

            assertTrue(RawHttp.readToClose(second).contains("tunnel-limit"), "the refused connection is closed after the body");
            proxy.awaitScrape("egress_connections_active 1.0"); // the refused tunnel's connection is uncounted once closed
            try (var idle = new java.net.Socket("127.0.0.1", proxy.port())) {
                // The tunnel and this kept-alive one make two, the limit.
                idle.getOutputStream().write(("GET http://other.example.com/ HTTP/1.1\r\nHost: x\r\n\r\n").getBytes());
                String denied = RawHttp.readHead(idle);
                assertTrue(denied.startsWith("HTTP/1.1 403"), denied);
                var third = new java.net.Socket("127.0.0.1", proxy.port());
                third.getOutputStream().write(("GET http://api.example.com/ HTTP/1.1\r\nHost: x\r\n\r\n").getBytes());
                String overLimit = RawHttp.readHead(third);
                assertTrue(overLimit.startsWith("HTTP/1.1 503") && overLimit.contains("connection-limit"), overLimit.replace("\r\n", " | "));
                third.close();
            }
        }
    }

    @Test
    void shouldSendTheBytesThatCameWithTheConnectThroughTheTunnel() throws Exception {
        // Regression: bytes in the same packet as the CONNECT (an eager TLS ClientHello; here a request)
        // were dropped: removing the HTTP decoder handed them back before the handler was in its tunnel state.
        try (RunningProxy proxy = new RunningProxy(env("EGRESS_CONNECT_PORTS", String.valueOf(api.port())), names);
             var socket = new java.net.Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(10_000);
            String connect = "CONNECT api.example.com:" + api.port() + " HTTP/1.1\r\nHost: api.example.com\r\n\r\n";
            String early = "GET /early HTTP/1.1\r\nHost: api.example.com\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write((connect + early).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String established = RawHttp.readHead(socket);
            assertTrue(established.startsWith("HTTP/1.1 200"), established.replace("\r\n", " | "));
            String answer = RawHttp.readToClose(socket);
            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("api GET /early 0\n"), answer);
        }
    }

    @Test
    void shouldAnswerAHalfClosedAppAndThenCloseItsConnection() throws Exception {
        // Regression: with half-closure allowed (for tunnels), an app's FIN left its HTTP connection
        // open and unread until the idle timeout, upstream connection included.
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            for (int i = 0; i < 3; i++) {
                try (var socket = new java.net.Socket("127.0.0.1", proxy.port())) {
                    socket.getOutputStream().write(("GET http://api.example.com:" + api.port() + "/half HTTP/1.1\r\nHost: h\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    socket.shutdownOutput();
                    String answer = RawHttp.readToClose(socket);
                    assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("api GET /half 0\n"), answer);
                }
            }
            try (var idle = new java.net.Socket("127.0.0.1", proxy.port())) {
                idle.shutdownOutput();
                assertEquals("", RawHttp.readToClose(idle), "an idle app connection that sends FIN is closed");
            }
            String scrape = proxy.awaitScrape("egress_connections_active 0.0");
            assertTrue(scrape.contains("egress_connections_active 0.0"), scrape);
        }
    }

    @Test
    void shouldFreeTheConnectionSlotOfEveryClosedTunnel(@TempDir Path dir) throws Exception {
        // Regression: a tunnel's connection was never uncounted, so after EGRESS_MAX_CONNECTIONS
        // tunnels every new connection got 503.
        try (TlsUpstream tls = new TlsUpstream(dir, "127.0.0.2", "secure.example.com");
             RunningProxy proxy = new RunningProxy(env("EGRESS_ALLOW", "secure.example.com:" + tls.port(),
                     "EGRESS_MAX_CONNECTIONS", "2"), Map.of("secure.example.com", List.of(api.address())))) {
            for (int i = 0; i < 5; i++) {
                Cli.Result result = Cli.curl("-x", proxy.proxyUrl(), "--cacert", tls.caFile().toString(),
                        "-o", "/dev/null", "-w", "%{http_code}", "https://secure.example.com:" + tls.port() + "/");
                assertEquals("200", result.output().trim(), "tunnel " + i + ": " + result.output());
            }
            String scrape = proxy.awaitScrape("egress_connections_active 0.0");
            assertTrue(scrape.contains("egress_connections_active 0.0"), scrape);
        }
    }

    @Test
    void shouldReloadTheAllowListFileWithoutARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("allow.txt");
        Files.writeString(file, "# nothing yet\n");
        try (RunningProxy proxy = new RunningProxy(env("EGRESS_ALLOW", "", "EGRESS_ALLOW_FILE", file.toString()), names)) {
            String url = "http://other.example.com:" + api.port() + "/reloaded";
            assertEquals(403, get(proxy, url).statusCode());

            Files.writeString(file, "# the team's list\nother.example.com:" + api.port() + "\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int status = 403;
            while (status == 403 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = get(proxy, url).statusCode();
            }
            assertEquals(200, status, "the new entry must apply without a restart");

            Files.writeString(file, "not a host!\n");
            Thread.sleep(1500);
            assertEquals(200, get(proxy, url).statusCode(), "a broken file must keep the previous list");
            assertTrue(proxy.registry.scrape().contains("sidecar_reloads_total{name=\"egress-allow-list\",result=\"failure\"}"));
        }
    }

    @Test
    void shouldResolveWithTheSystemResolverAndStillDenyLoopback() throws Exception {
        try (RunningProxy proxy = new RunningProxy(Map.of("EGRESS_ALLOW", "localhost:" + api.port()))) {
            HttpResponse<String> response = get(proxy, "http://localhost:" + api.port() + "/");

            assertEquals(403, response.statusCode());
            assertEquals("denied-address", response.headers().firstValue("X-Egress-Denied").orElse(null));
        }
    }

    @Test
    void shouldCloseAnIdleAppConnectionAfterTheIdleTimeout() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env("EGRESS_IDLE_TIMEOUT", "300ms"), names);
             var socket = new java.net.Socket("127.0.0.1", proxy.port())) {
            long start = System.nanoTime();
            assertEquals("", RawHttp.readToClose(socket));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 250 && millis < 8000, "closed after " + millis + " ms");
        }
    }

    @Test
    void shouldLogOnlyDenialsWhenAskedTo() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env("EGRESS_DECISION_LOG", "denied"), names)) {
            get(proxy, "http://api.example.com:" + api.port() + "/quiet");
            get(proxy, "http://other.example.com/loud");
            List<String> lines = proxy.awaitDecisions(1);
            Thread.sleep(200);
            assertEquals(1, proxy.decisions().size(), lines.toString());
            assertTrue(lines.getFirst().contains("\"decision\":\"deny\""), lines.toString());
        }
    }

    @Test
    void shouldExposeDecisionMetricsThatPromtoolAccepts() throws Exception {
        try (RunningProxy proxy = new RunningProxy(env(), names)) {
            get(proxy, "http://api.example.com:" + api.port() + "/m");
            get(proxy, "http://other.example.com/m");
            proxy.awaitDecisions(2);
            String scrape = proxy.registry.scrape();

            assertTrue(scrape.contains("egress_requests_total{decision=\"allow\",kind=\"http\",reason=\"allowed\"} 1.0"), scrape);
            assertTrue(scrape.contains("egress_requests_total{decision=\"deny\",kind=\"http\",reason=\"not-allowed\"} 1.0"), scrape);
            assertTrue(scrape.contains("egress_allowed_total{entry=\"api.example.com:" + api.port() + "\"} 1.0"), scrape);
            assertFalse(scrape.contains("other.example.com"), "denied names must not become label values");
            Promtool.assertValid(scrape);
        }
    }
}
