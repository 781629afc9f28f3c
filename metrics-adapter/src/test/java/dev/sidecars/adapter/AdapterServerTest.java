package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.sidecars.common.testing.Promtool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter on 127.0.0.1 port 0 in front of a real app server: healthy, failing, slow, garbage and down. */
class AdapterServerTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Adapter adapter(String upstream, String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("ADAPTER_LISTEN", "127.0.0.1:0");
        env.put("ADAPTER_UPSTREAM", upstream);
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return Adapter.start(AdapterConfig.fromEnv(env), vertx, registry);
    }

    private static HttpResponse<String> get(Adapter adapter, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adapter.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldAnswer200WhileTheAppsMetricsAnswer() throws Exception {
        try (FakeApp app = new FakeApp(); Adapter adapter = adapter(app.url(), "ADAPTER_HEALTH_CHECK", "http:/metrics")) {
            HttpResponse<String> response = get(adapter, "/health");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(response.body().startsWith("{\"status\":\"up\",\"checks\":[{\"name\":\"http:/metrics\",\"status\":\"up\","
                    + "\"reason\":\"status 200\",\"durationMs\":"), response.body());
        }
    }

    @Test
    void shouldAnswer503WithEachChecksReasonWhenTheAppFails() throws Exception {
        int down = closedPort();
        try (FakeApp app = new FakeApp(); Adapter adapter = adapter(app.url(), "ADAPTER_HEALTH_CHECK",
                "http:/fail,http:/garbage;json={.status},tcp:127.0.0.1:" + down + ",http:http://127.0.0.1:" + down + "/x,http:/metrics")) {
            HttpResponse<String> response = get(adapter, "/health");
            assertEquals(503, response.statusCode(), response.body());
            String body = response.body();
            assertTrue(body.startsWith("{\"status\":\"down\""), body);
            assertTrue(body.contains("\"name\":\"http:/fail\",\"status\":\"down\",\"reason\":\"status 500 (expected 200-399)\""), body);
            assertTrue(body.contains("\"reason\":\"body is not JSON"), body);
            assertTrue(body.contains("\"name\":\"tcp:127.0.0.1:" + down + "\",\"status\":\"down\",\"reason\":\"connection refused\""), body);
            assertTrue(body.contains("\"name\":\"http:http://127.0.0.1:" + down + "/x\",\"status\":\"down\",\"reason\":\"connection refused\""), body);
            assertTrue(body.contains("\"name\":\"http:/metrics\",\"status\":\"up\""), body);
        }
    }

    @Test
    void shouldAnswer503WithinTheCheckTimeoutWhenTheAppIsSlow() throws Exception {
        try (FakeApp app = new FakeApp(); Adapter adapter = adapter(app.url(), "ADAPTER_HEALTH_CHECK", "http:/slow")) {
            long started = System.nanoTime();
            HttpResponse<String> response = get(adapter, "/health");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"reason\":\"timeout after 800ms\""), response.body());
            // the app holds /slow for 10 s; the answer comes at the default 800 ms deadline (generous bound for a busy machine)
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
        }
    }

    @Test
    void shouldCoalesceTwentyConcurrentProbesIntoOneUpstreamRequest() throws Exception {
        try (FakeApp app = new FakeApp();
             Adapter adapter = adapter(app.url(), "ADAPTER_HEALTH_CHECK", "http:/held;timeout=30s", "ADAPTER_CHECK_CACHE", "0s")) {
            List<CompletableFuture<HttpResponse<String>>> probes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                probes.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adapter.port() + "/health"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            // the app answers only once all 20 probes have reached the adapter: they overlap for certain
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (registry.get("adapter_requests").tag("path", "/health").counter().count() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            app.release();
            for (CompletableFuture<HttpResponse<String>> probe : probes) {
                assertEquals(200, probe.get().statusCode(), probe.get().body());
            }
            assertEquals(1, app.requests("/held"), "20 concurrent probes must cost the app one request");
            assertEquals(1.0, registry.get("adapter_check_runs").tag("check", "http:/held;timeout=30s".substring(0, 10)).tag("result", "passed")
                    .counter().count());
        }
    }

    @Test
    void shouldReuseAResultForTheCacheTimeOnly() throws Exception {
        try (FakeApp app = new FakeApp();
             Adapter cached = adapter(app.url(), "ADAPTER_HEALTH_CHECK", "http:/metrics", "ADAPTER_CHECK_CACHE", "1h")) {
            assertEquals(200, get(cached, "/health").statusCode());
            assertEquals(200, get(cached, "/health").statusCode());
            assertEquals(1, app.requests("/metrics"));
        }
        try (FakeApp app = new FakeApp();
             Adapter uncached = adapter(app.url(), "ADAPTER_HEALTH_CHECK", "http:/metrics", "ADAPTER_CHECK_CACHE", "0s")) {
            get(uncached, "/health");
            get(uncached, "/health");
            assertEquals(2, app.requests("/metrics"));
        }
    }

    @Test
    void shouldJudgeAFileByItsAgeAndItsLines() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "starting\ntimecheck: 12:00:00\n");
        try (FakeApp app = new FakeApp(); Adapter adapter = adapter(app.url(), "ADAPTER_CHECK_CACHE", "0s",
                "ADAPTER_HEALTH_CHECK", "file:" + log + ";modified=30s;name=fresh,file:" + log + ";line=^timecheck;name=line")) {
            assertEquals(200, get(adapter, "/health").statusCode());
            Files.setLastModifiedTime(log, FileTime.from(Instant.now().minusSeconds(120)));
            HttpResponse<String> stale = get(adapter, "/health");
            assertEquals(503, stale.statusCode());
            assertTrue(stale.body().contains("\"name\":\"fresh\",\"status\":\"down\",\"reason\":\"not modified for 12"), stale.body());
            assertTrue(stale.body().contains("\"name\":\"line\",\"status\":\"up\""), stale.body());
            Files.delete(log);
            assertTrue(get(adapter, "/health").body().contains("\"reason\":\"no such file " + log + "\""));
        }
    }

    @Test
    void shouldForwardAPathToTheAppWithStatusMapping() throws Exception {
        int down = closedPort();
        try (FakeApp app = new FakeApp(); Adapter adapter = adapter(app.url(),
                "ADAPTER_FORWARD", "/health=/metrics;ok=200;fail=503,/raw=/fail,/mapped=/fail;ok=200;fail=503")) {
            HttpResponse<String> health = get(adapter, "/health");
            assertEquals(200, health.statusCode());
            assertEquals("app_up 1\n", health.body());
            assertEquals("text/plain; version=0.0.4", health.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(500, get(adapter, "/raw").statusCode());
            assertEquals(503, get(adapter, "/mapped").statusCode());
        }
        try (Adapter adapter = adapter("http://127.0.0.1:" + down, "ADAPTER_FORWARD", "/health=/metrics;ok=200;fail=503")) {
            HttpResponse<String> response = get(adapter, "/health");
            assertEquals(503, response.statusCode());
            assertTrue(response.body().contains("\"reason\":\"connection refused\""), response.body());
        }
    }

    @Test
    void shouldServeAStaticAnswerAndRejectOtherPathsAndMethods() throws Exception {
        try (Adapter adapter = adapter("http://127.0.0.1:1", "ADAPTER_STATIC_PATH", "/version",
                "ADAPTER_STATIC_BODY", "{\"version\":\"1.2.3\"}", "ADAPTER_STATIC_CONTENT_TYPE", "application/json")) {
            HttpResponse<String> response = get(adapter, "/version");
            assertEquals(200, response.statusCode());
            assertEquals("{\"version\":\"1.2.3\"}", response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(404, get(adapter, "/other").statusCode());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adapter.port() + "/version"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    private Path mapping() throws IOException {
        Path file = dir.resolve("mapping.yaml");
        Files.writeString(file, JsonMapperTest.ES_MAPPING);
        return file;
    }

    @Test
    void shouldTranslateTheAppsJsonIntoPrometheusText() throws Exception {
        try (FakeApp app = new FakeApp(); Adapter adapter = adapter(app.url(), "ADAPTER_JSON_URL", "/stats",
                "ADAPTER_JSON_MAPPING", mapping().toString())) {
            HttpResponse<String> response = get(adapter, "/metrics");
            assertEquals(200, response.statusCode());
            assertEquals(Exposition.PROMETHEUS_TEXT, response.headers().firstValue("Content-Type").orElseThrow());
            String text = response.body();
            assertTrue(text.contains("es_cluster_status{color=\"yellow\"} 1\n"), text);
            assertTrue(text.contains("es_index_docs_total{index=\"metrics\",cluster=\"prod\"} 20\n"), text);
            assertTrue(text.contains("adapter_json_up 1\n"), text);
            assertTrue(text.contains("adapter_json_parse_failures_total 0\n"), text);
            Promtool.assertValid(text);

            HttpResponse<String> om = get(adapter, "/metrics", "Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
            assertEquals(Exposition.OPENMETRICS_TEXT, om.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(om.body().endsWith("# EOF\n"), om.body());
        }
    }

    @Test
    void shouldReportUpZeroForGarbageFailingAndMissingSources() throws Exception {
        int down = closedPort();
        try (FakeApp app = new FakeApp();
             Adapter garbage = adapter(app.url(), "ADAPTER_JSON_URL", "/garbage", "ADAPTER_JSON_MAPPING", mapping().toString());
             Adapter failing = adapter(app.url(), "ADAPTER_JSON_URL", "/fail", "ADAPTER_JSON_MAPPING", mapping().toString());
             Adapter huge = adapter(app.url(), "ADAPTER_JSON_URL", "/huge", "ADAPTER_JSON_MAPPING", mapping().toString(),
                     "ADAPTER_MAX_BODY", "1KiB");
             Adapter gone = adapter("http://127.0.0.1:" + down, "ADAPTER_JSON_URL", "/stats", "ADAPTER_JSON_MAPPING", mapping().toString());
             Adapter strict = adapter(app.url(), "ADAPTER_JSON_URL", "/stats", "ADAPTER_JSON_MAPPING", mapping().toString(),
                     "ADAPTER_JSON_MISSING", "fail")) {
            app.stats("{\"status\": \"green\"}");
            for (Adapter adapter : List.of(garbage, failing, huge, gone, strict)) {
                HttpResponse<String> response = get(adapter, "/metrics");
                assertEquals(200, response.statusCode(), "never a 500 with a stack trace");
                assertTrue(response.body().contains("adapter_json_up 0\n"), response.body());
                assertTrue(!response.body().contains("es_cluster_status"), response.body());
                Promtool.assertValid(response.body());
            }
            String twice = get(garbage, "/metrics").body();
            assertTrue(twice.contains("adapter_json_parse_failures_total 2\n"), twice);
            assertTrue(get(strict, "/metrics").body().contains("adapter_json_missing_values 3\n"));
        }
    }

    @Test
    void shouldServeEveryEndpointDeclaredInTheConfigFile() throws Exception {
        Path file = dir.resolve("adapter.yaml");
        Files.writeString(file, """
                endpoints:
                - path: /health
                  kind: health
                  checks: [{kind: http, target: /metrics, body: 'app_up 1|a{1,2};x'}]
                - path: /deep
                  kind: health
                  checks: [{kind: http, target: /fail}]
                - {path: /ready, kind: forward, upstream: /fail, ok: 204, fail: 418}
                - {path: /version, kind: static, body: '1.2.3'}
                - path: /metrics
                  kind: prometheus
                  source: /stats
                  metrics: [{name: es_nodes, path: '{.number_of_nodes}', valuetype: gauge, help: Nodes}]
                """);
        try (FakeApp app = new FakeApp(); Adapter adapter = adapter(app.url(), "ADAPTER_CONFIG_FILE", file.toString())) {
            assertEquals(200, get(adapter, "/health").statusCode());
            assertEquals(503, get(adapter, "/deep").statusCode());
            assertEquals(418, get(adapter, "/ready").statusCode());
            assertEquals("1.2.3", get(adapter, "/version").body());
            String metrics = get(adapter, "/metrics").body();
            assertTrue(metrics.contains("es_nodes 3\n"), metrics);
            Promtool.assertValid(metrics);
        }
    }

    @Test
    void shouldPassOnTheAppsOwnPrometheusTextFilteredAndPrefixed() throws Exception {
        int down = closedPort();
        try (FakeApp app = new FakeApp();
             Adapter adapter = adapter(app.url(), "ADAPTER_PROM_URL", "/prom", "ADAPTER_PROM_ALLOW", "http_.*",
                     "ADAPTER_PROM_DENY", "http_requests_total", "ADAPTER_PROM_PREFIX", "legacy_");
             Adapter gone = adapter("http://127.0.0.1:" + down, "ADAPTER_PROM_URL", "/prom")) {
            String text = get(adapter, "/metrics").body();
            assertTrue(text.startsWith("# HELP legacy_http_latency_seconds Latency.\n"), text);
            assertTrue(!text.contains("http_requests_total") && !text.contains("jvm_threads"), text);
            assertTrue(text.endsWith("adapter_prom_up 1\n"), text);
            Promtool.assertValid(text);
            HttpResponse<String> missing = get(gone, "/metrics");
            assertEquals(200, missing.statusCode());
            assertTrue(missing.body().contains("adapter_prom_up 0\n"), missing.body());
            Promtool.assertValid(missing.body());
        }
    }
}
