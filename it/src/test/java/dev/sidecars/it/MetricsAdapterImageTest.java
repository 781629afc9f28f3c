package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sidecars.common.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metrics-adapter image in a "pod" next to a stand-in app, which this test process serves on a
 * loopback port (the pod shares the host's network): {@code /health} follows the app from 200 to
 * 503 and back, and {@code /metrics} carries the app's JSON stats as Prometheus text.
 */
@ExtendWith(RequiresDocker.class)
class MetricsAdapterImageTest {

    private static final String STATS = """
            {"cluster_name": "prod", "status": "green", "number_of_nodes": 3}
            """;

    private static final String MAPPING = """
            metrics:
            - name: es_cluster_status
              path: '{.status}'
              help: Cluster health as a state set
              valuetype: gauge
              states: {label: color, values: [green, yellow, red]}
            - name: es_nodes
              path: '{.number_of_nodes}'
              help: Nodes in the cluster
              valuetype: gauge
            """;

    /** The stand-in app: {@code /metrics} answers with the status the test sets, {@code /stats} with JSON. */
    private static final class App implements AutoCloseable {
        final HttpServer server;
        final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        volatile int metricsStatus = 200;

        App() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.setExecutor(executor);
            server.createContext("/metrics", e -> respond(e, metricsStatus, "app_up 1\n"));
            server.createContext("/stats", e -> respond(e, 200, STATS));
            server.start();
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            try (exchange) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> awaitStatus(PodContainer adapter, int port, String path, int status)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = PodContainer.get(port, path);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " did not answer " + status + " within 20 s (last: " + last.statusCode() + " "
                + last.body() + "); logs:\n" + adapter.logs());
    }

    @Test
    void shouldFollowTheAppsHealthAndTranslateItsJsonStats() throws Exception {
        int listen = freePort();
        int admin = freePort();
        try (App app = new App(); Pod pod = new Pod("metrics-adapter")) {
            Path config = pod.emptyDir("config");
            Path mapping = config.resolve("mapping.yaml");
            Files.writeString(mapping, MAPPING);
            mapping.toFile().setReadable(true, false);
            PodContainer adapter = pod.container("adapter", Images.METRICS_ADAPTER)
                    .mount(config, "/config", true)
                    .env("ADAPTER_LISTEN", "127.0.0.1:" + listen)
                    .env("ADAPTER_ADMIN_LISTEN", "127.0.0.1:" + admin)
                    .env("ADAPTER_UPSTREAM", "http://127.0.0.1:" + app.port())
                    .env("ADAPTER_HEALTH_CHECK", "http:/metrics")
                    .env("ADAPTER_JSON_URL", "/stats")
                    .env("ADAPTER_JSON_MAPPING", "/config/mapping.yaml");
            pod.start(Duration.ofSeconds(30));
            adapter.awaitHttpOk(admin, "/readyz", Duration.ofSeconds(30));

            HttpResponse<String> up = adapter.awaitHttpOk(listen, "/health", Duration.ofSeconds(10));
            assertTrue(up.body().contains("\"status\":\"up\""), up.body());

            app.metricsStatus = 500;
            HttpResponse<String> down = awaitStatus(adapter, listen, "/health", 503);
            assertTrue(down.body().contains("\"reason\":\"status 500 (expected 200-399)\""), down.body());

            app.metricsStatus = 200;
            awaitStatus(adapter, listen, "/health", 200);

            HttpResponse<String> metrics = adapter.awaitHttpOk(listen, "/metrics", Duration.ofSeconds(10));
            assertTrue(metrics.body().contains("es_cluster_status{color=\"green\"} 1\n"), metrics.body());
            assertTrue(metrics.body().contains("es_nodes 3\n"), metrics.body());
            assertTrue(metrics.body().contains("adapter_json_up 1\n"), metrics.body());
            Promtool.assertValid(metrics.body());

            HttpResponse<String> own = PodContainer.get(admin, "/metrics");
            assertEquals(200, own.statusCode());
            assertTrue(own.body().contains("adapter_check_runs_total{check=\"http:/metrics\""), own.body());
        }
    }
}
