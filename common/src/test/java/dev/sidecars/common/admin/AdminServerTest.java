package dev.sidecars.common.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.sidecars.common.StartupException;
import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.testing.OpenSsl.KeyFormat;
import dev.sidecars.common.testing.OpenSsl.Pair;
import dev.sidecars.common.testing.OpenSsl;
import dev.sidecars.common.testing.Promtool;
import dev.sidecars.common.tls.CertificateMetrics;
import dev.sidecars.common.tls.Reloader;
import dev.sidecars.common.tls.TlsMaterial;
import dev.sidecars.common.tls.TlsMaterialLoader;
import dev.sidecars.common.tls.TlsSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class AdminServerTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Vertx vertx;
    private Metrics metrics;
    private Readiness readiness;
    private AdminServer server;

    @BeforeEach
    void startServer() {
        vertx = Vertx.vertx();
        metrics = new Metrics("test-image", "1.2.3");
        readiness = new Readiness();
        server = new AdminServer(vertx, metrics.registry(), readiness).start(HostPort.parse("127.0.0.1:0"));
    }

    @AfterEach
    void stopServer() {
        server.close();
        metrics.close();
        vertx.close().await();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        return new JsonObject(response.body());
    }

    private static List<String> failingChecks(JsonObject body) {
        JsonArray failing = body.getJsonArray("failing");
        return failing.stream().map(o -> ((JsonObject) o).getString("check")).toList();
    }

    @Test
    void shouldAnswerHealthz() throws Exception {
        HttpResponse<String> response = get("/healthz");
        assertEquals(200, response.statusCode());
        assertEquals("ok", json(response).getString("status"));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void shouldNotBeReadyBeforeStarted() throws Exception {
        HttpResponse<String> response = get("/readyz");
        assertEquals(503, response.statusCode());
        JsonObject body = json(response);
        assertEquals("not ready", body.getString("status"));
        assertEquals(List.of("started"), failingChecks(body));
        assertEquals("starting up", body.getJsonArray("failing").getJsonObject(0).getString("reason"));
    }

    @Test
    void shouldBeReadyAfterStarted() throws Exception {
        readiness.register("upstream", CheckResult::passed);
        readiness.markStarted();
        HttpResponse<String> response = get("/readyz");
        assertEquals(200, response.statusCode());
        JsonObject body = json(response);
        assertEquals("ready", body.getString("status"));
        assertEquals(List.of("started", "draining", "upstream"), body.getJsonArray("checks").getList());
        assertEquals(List.of(), failingChecks(body));
    }

    @Test
    void shouldNameFailingCheckAndReason() throws Exception {
        AtomicReference<CheckResult> upstream = new AtomicReference<>(CheckResult.failed("127.0.0.1:8080 refused the connection"));
        readiness.register("upstream", upstream::get);
        readiness.register("throws", () -> {
            throw new IllegalStateException("bug in check");
        });
        readiness.markStarted();
        HttpResponse<String> response = get("/readyz");
        assertEquals(503, response.statusCode());
        JsonObject body = json(response);
        assertEquals(List.of("upstream", "throws"), failingChecks(body));
        assertEquals("127.0.0.1:8080 refused the connection", body.getJsonArray("failing").getJsonObject(0).getString("reason"));
        assertTrue(body.getJsonArray("failing").getJsonObject(1).getString("reason").contains("bug in check"));
    }

    @Test
    void shouldRejectDuplicateCheckName() {
        readiness.register("upstream", CheckResult::passed);
        assertThrows(IllegalArgumentException.class, () -> readiness.register("upstream", CheckResult::passed));
    }

    @Test
    void shouldNotBeReadyWhileDraining() throws Exception {
        readiness.markStarted();
        assertEquals(200, get("/readyz").statusCode());
        readiness.markDraining();
        HttpResponse<String> response = get("/readyz");
        assertEquals(503, response.statusCode());
        JsonObject body = json(response);
        assertEquals(List.of("draining"), failingChecks(body));
        assertEquals("shutting down", body.getJsonArray("failing").getJsonObject(0).getString("reason"));
        assertEquals(200, get("/healthz").statusCode());
    }

    @Test
    void shouldServePrometheusText() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        String contentType = response.headers().firstValue("Content-Type").orElseThrow();
        assertTrue(contentType.startsWith("text/plain; version=0.0.4"), contentType);
        assertTrue(response.body().contains("\njvm_memory_used_bytes{"), response.body());
        assertTrue(response.body().contains("\nsidecar_info{image=\"test-image\",version=\"1.2.3\"} 1"), response.body());
        assertTrue(!response.body().contains("# EOF"), response.body());
    }

    @Test
    void shouldServeOpenMetricsWhenAsked() throws Exception {
        HttpResponse<String> response = send(request("/metrics")
                .header("Accept", "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1").GET());
        assertEquals(200, response.statusCode());
        String contentType = response.headers().firstValue("Content-Type").orElseThrow();
        assertTrue(contentType.startsWith("application/openmetrics-text"), contentType);
        assertTrue(response.body().endsWith("# EOF\n"), response.body());
        assertTrue(response.body().contains("sidecar_info{"), response.body());
    }

    @Test
    void shouldPassPromtoolCheck(@TempDir Path dir) throws Exception {
        Counter.builder("test.requests").tag("route", "/a").tag("status", "200").description("Requests served")
                .register(metrics.registry()).increment(3);
        Timer.builder("test.upstream.latency").tag("upstream", "app").description("Upstream latency")
                .register(metrics.registry()).record(Duration.ofMillis(12));
        OpenSsl openssl = new OpenSsl(dir);
        Pair pair = openssl.leaf(openssl.ca("metrics-ca"), "metrics-leaf", KeyFormat.EC_PKCS8);
        TlsSource source = new TlsSource.PemFiles(pair.cert(), pair.key(), null);
        TlsMaterialLoader loader = new TlsMaterialLoader(Clock.systemUTC());
        try (Reloader<TlsMaterial> reloader = new Reloader<>("server", source.files(), () -> loader.load(source),
                Duration.ofSeconds(60), metrics.registry())) {
            TlsMaterial material = reloader.start();
            CertificateMetrics.register(metrics.registry(), "server", reloader::current);
            HttpResponse<String> response = get("/metrics");
            assertEquals(200, response.statusCode());
            String body = response.body();
            assertTrue(body.contains("sidecar_reloads_total{name=\"server\",result=\"failure\"} 0"), body);
            assertTrue(body.contains("sidecar_reload_stale{name=\"server\"} 0"), body);
            assertTrue(body.contains("test_requests_total{route=\"/a\",status=\"200\"} 3"), body);
            String notAfter = body.lines().filter(l -> l.startsWith("tls_certificate_not_after_seconds{name=\"server\"} "))
                    .findFirst().orElseThrow(() -> new AssertionError("no certificate gauge in:\n" + body));
            assertEquals(material.notAfter().getEpochSecond(), (long) Double.parseDouble(notAfter.substring(notAfter.indexOf("} ") + 2)));
            assertTrue(body.contains("\nprocess_cpu_seconds_total "), body);
            assertTrue(body.contains("\nsystem_cpu_processors "), body);
            Promtool.assertValid(body);
        }
    }

    @Test
    void shouldCatchLintProblemsWithPromtool() {
        assertThrows(AssertionFailedError.class, () -> Promtool.assertValid("# HELP requests_count x\n# TYPE requests_count gauge\nrequests_count 1\n"));
        assertThrows(AssertionFailedError.class, () -> Promtool.assertValid("not an exposition\n"));
        Promtool.assertValid("# HELP requests_total Requests.\n# TYPE requests_total counter\nrequests_total 1\n");
    }

    @Test
    void shouldRejectOtherMethods() throws Exception {
        for (String path : List.of("/healthz", "/metrics", "/readyz")) {
            HttpResponse<String> response = send(request(path).POST(HttpRequest.BodyPublishers.ofString("x")));
            assertEquals(405, response.statusCode(), path);
            assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
        }
        assertEquals(405, send(request("/healthz").DELETE()).statusCode());
    }

    @Test
    void shouldAnswerUnknownPathWith404() throws Exception {
        HttpResponse<String> response = get("/nope");
        assertEquals(404, response.statusCode());
        assertEquals(List.of("/healthz", "/readyz", "/metrics"), json(response).getJsonArray("paths").getList());
        assertEquals(404, get("/healthz/extra").statusCode());
    }

    @Test
    void shouldFailStartupNamingTakenAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            HostPort address = new HostPort("127.0.0.1", taken.getLocalPort());
            AdminServer second = new AdminServer(vertx, metrics.registry(), readiness);
            StartupException e = assertThrows(StartupException.class, () -> second.start(address));
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().startsWith("cannot listen on "), e.getMessage());
            assertEquals(0, e.getStackTrace().length);
            second.close();
        }
    }
}
