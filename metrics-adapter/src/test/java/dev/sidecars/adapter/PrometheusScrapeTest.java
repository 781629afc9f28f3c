package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.testing.Promtool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus server (Debian's {@code prometheus}) scrapes the adapter's JSON and log endpoints: the targets are up and the series arrive. */
class PrometheusScrapeTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void shouldBeScrapedByARealPrometheusWithTheTargetUp() throws Exception {
        Path prometheus = Promtool.binary().resolveSibling("prometheus");
        assertTrue(Files.isExecutable(prometheus), prometheus + " is missing (Debian package prometheus)");
        Path mapping = dir.resolve("mapping.yaml");
        Files.writeString(mapping, JsonMapperTest.ES_MAPPING);
        Path log = dir.resolve("timecheck.log");
        Files.writeString(log, "01:00:00 Environment: prod time check\n01:00:05 Environment: prod time check\n");
        Vertx vertx = Vertx.vertx();
        try (FakeApp app = new FakeApp();
             Adapter adapter = Adapter.start(AdapterConfig.fromEnv(Map.of("ADAPTER_LISTEN", "127.0.0.1:0",
                     "ADAPTER_UPSTREAM", app.url(), "ADAPTER_JSON_URL", "/stats",
                     "ADAPTER_JSON_MAPPING", mapping.toString(), "ADAPTER_APP_LOG", log.toString(),
                     "ADAPTER_APP_LOG_COUNT", "timecheck_total=Environment: .* time check", "ADAPTER_APP_LOG_FROM", "start",
                     "ADAPTER_APP_LOG_PATH", "/log-metrics")), vertx, new SimpleMeterRegistry())) {
            int webPort = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global: {scrape_interval: 1s, scrape_timeout: 1s}
                    scrape_configs:
                    - job_name: adapter
                      static_configs: [{targets: ['127.0.0.1:%1$d']}]
                    - job_name: adapter-log
                      metrics_path: /log-metrics
                      static_configs: [{targets: ['127.0.0.1:%1$d']}]
                    """.formatted(adapter.port()));
            Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--web.listen-address=127.0.0.1:" + webPort, "--storage.tsdb.path=" + dir.resolve("data"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String up = awaitQuery(webPort, "up{job=\"adapter\"} == 1", process);
                assertTrue(up.contains("\"value\":["), up);
                String status = awaitQuery(webPort, "es_cluster_status{color=\"yellow\"} == 1", process);
                assertTrue(status.contains("\"color\":\"yellow\""), status);
                String docs = awaitQuery(webPort, "es_index_docs_total{index=\"metrics\"} == 20", process);
                assertTrue(docs.contains("\"cluster\":\"prod\""), docs);
                awaitQuery(webPort, "adapter_json_up == 1", process);
                awaitQuery(webPort, "up{job=\"adapter-log\"} == 1", process);
                awaitQuery(webPort, "timecheck_total{job=\"adapter-log\"} == 2", process);
                awaitQuery(webPort, "time() - timecheck_last_match_timestamp_seconds < 600", process);
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } finally {
            vertx.close().await();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Polls the query API until the query returns a series; fails with Prometheus' log after 60 s. */
    private String awaitQuery(int port, String query, Process process) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.body();
                if (response.statusCode() == 200 && last.contains("\"result\":[{")) {
                    return last;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        String targets = "";
        try {
            targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            targets = e.toString();
        }
        fail("query " + query + " found nothing within 60 s; last answer: " + last + "\ntargets: " + targets);
        return last;
    }
}
