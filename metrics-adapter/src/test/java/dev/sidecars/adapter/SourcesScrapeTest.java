package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.sidecars.common.testing.Promtool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prometheus endpoint with several JSON sources, in front of real app servers on port 0. */
class SourcesScrapeTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String NODES = "[{name: es_nodes, path: '{.number_of_nodes}', valuetype: gauge, help: Nodes}]";
    private static final String STATUS = "[{name: es_status, path: '{.status}', valuetype: gauge, help: Status,"
            + " states: {label: color, values: [green, yellow, red]}}]";
    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path dir;

    @AfterEach
    void stopVertx() {
        vertx.close().await();
    }

    private Adapter adapter(String upstream, String sources, String... keyValues) throws IOException {
        Path file = dir.resolve("adapter.yaml");
        Files.writeString(file, "endpoints:\n- path: /metrics\n  kind: prometheus\n  sources:\n" + sources);
        Map<String, String> env = new HashMap<>(Map.of("ADAPTER_LISTEN", "127.0.0.1:0", "ADAPTER_UPSTREAM", upstream,
                "ADAPTER_CONFIG_FILE", file.toString()));
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return Adapter.start(AdapterConfig.fromEnv(env), vertx, new SimpleMeterRegistry());
    }

    private static String scrape(Adapter adapter) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adapter.port() + "/metrics"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Promtool.assertValid(response.body());
        return response.body();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldFetchTheSourcesConcurrently() throws Exception {
        try (FakeApp app = new FakeApp(); Adapter adapter = adapter(app.url(), """
                  - {source: /delayed/a, metrics: %s}
                  - {source: /delayed/b, metrics: %s}
                """.formatted(NODES.replace("es_nodes", "es_first_nodes"), NODES.replace("es_nodes", "es_second_nodes")))) {
            scrape(adapter); // connections and JIT warmed, so that only the upstreams' delay is measured below
            app.delay(1500);
            long started = System.nanoTime();
            String text = scrape(adapter);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(text.contains("es_first_nodes 3\n") && text.contains("es_second_nodes 3\n"), text);
            assertTrue(text.contains("adapter_json_up{source=\"/delayed/a\"} 1\nadapter_json_up{source=\"/delayed/b\"} 1\n"), text);
            // one after the other would take at least 3 s; promtool's run is included, so the bound is generous
            assertTrue(took.compareTo(Duration.ofMillis(2700)) < 0, "took " + took);
        }
    }

    @Test
    void shouldServeTheOtherSourcesWhenOneIsDownOrSlow() throws Exception {
        int down = closedPort();
        try (FakeApp app = new FakeApp(); Adapter adapter = adapter(app.url(), """
                  - {source: /stats, metrics: %s}
                  - {source: 'http://127.0.0.1:%d/stats', metrics: %s}
                  - {source: /slow, metrics: %s}
                """.formatted(NODES, down, STATUS, NODES.replace("es_nodes", "es_slow_nodes")), "ADAPTER_SCRAPE_TIMEOUT", "2s")) {
            String text = scrape(adapter);
            assertTrue(text.contains("es_nodes 3\n"), text);
            assertTrue(!text.contains("es_status") && !text.contains("es_slow_nodes"), text);
            assertTrue(text.contains("""
                    # TYPE adapter_json_up gauge
                    adapter_json_up{source="/stats"} 1
                    adapter_json_up{source="http://127.0.0.1:%d/stats"} 0
                    adapter_json_up{source="/slow"} 0
                    """.formatted(down)), text);
            assertTrue(text.contains("adapter_json_missing_values{source=\"/stats\"} 0\n"), text);
            assertTrue(text.contains("adapter_json_parse_failures_total{source=\"/slow\"} 0\n"), text);
        }
    }

    @Test
    void shouldMergeSameNameFamiliesAndKeepTheFirstOfTwoIdenticalSeries() throws Exception {
        try (FakeApp app = new FakeApp(); Adapter adapter = adapter(app.url(), """
                  - {source: /stats, metrics: [{name: es_index, type: object, path: '{.indices.logs-1}', valuetype: gauge, help: Docs,
                     labels: {index: logs-1}, values: {docs: '{.docs.count}'}}]}
                  - {source: /delayed/a, metrics: [{name: es_index, type: object, path: '{.indices.*}', valuetype: gauge, help: Docs,
                     labels: {index: '{@key}'}, values: {docs: '{.docs.count}'}}]}
                """)) {
            String text = scrape(adapter);
            assertTrue(text.startsWith("""
                    # HELP es_index_docs Docs
                    # TYPE es_index_docs gauge
                    es_index_docs{index="logs-1"} 10
                    es_index_docs{index="metrics"} 20
                    # HELP adapter_json_up"""), text);
            assertTrue(text.contains("adapter_json_parse_failures_total{source=\"/stats\"} 0\n"
                    + "adapter_json_parse_failures_total{source=\"/delayed/a\"} 1\n"), text);
        }
    }
}
