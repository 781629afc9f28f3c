package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sidecars.common.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.IsRunningStartupCheckStrategy;

/**
 * The metrics-adapter image in a "pod" next to a legacy app: Debian's static busybox in an
 * otherwise empty image, either as {@code httpd} serving canned files (its {@code /metrics} and
 * JSON stats) or as a shell loop that only writes a "time check" line to a log in the shared
 * volume. The pod shares the host's network; directories stand in for the emptyDir volumes.
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

    /** The app container: busybox-static alone, as the image's non-root user, with the given command. */
    @SuppressWarnings("resource")
    private static GenericContainer<?> busyboxApp(String... command) {
        return new GenericContainer<>(BusyboxApp.image())
                .withNetworkMode("host")
                .withStartupCheckStrategy(new IsRunningStartupCheckStrategy())
                .withCommand(command);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Polls until the answer satisfies {@code done}; generous bound for a busy machine. */
    private static HttpResponse<String> await(PodContainer adapter, int port, String path, Predicate<HttpResponse<String>> done,
                                              String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = PodContainer.get(port, path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " did not show " + what + " within 30 s (last: " + last.statusCode() + " "
                + last.body() + "); logs:\n" + adapter.logs());
    }

    private static Predicate<HttpResponse<String>> status(int status) {
        return r -> r.statusCode() == status;
    }

    @Test
    void shouldFollowABusyboxHttpdsHealthAndTranslateItsJsonStats() throws Exception {
        int listen = freePort();
        int admin = freePort();
        int httpd = freePort();
        try (Pod pod = new Pod("metrics-adapter")) {
            Path config = pod.emptyDir("config");
            Files.writeString(config.resolve("mapping.yaml"), MAPPING);
            Path www = pod.emptyDir("www");
            Files.writeString(www.resolve("metrics"), "app_up 1\n");
            Files.writeString(www.resolve("stats"), STATS);
            PodContainer adapter = pod.container("adapter", Images.METRICS_ADAPTER)
                    .mount(config, "/config", true)
                    .env("ADAPTER_LISTEN", "127.0.0.1:" + listen)
                    .env("ADAPTER_ADMIN_LISTEN", "127.0.0.1:" + admin)
                    .env("ADAPTER_UPSTREAM", "http://127.0.0.1:" + httpd)
                    .env("ADAPTER_HEALTH_CHECK", "http:/metrics")
                    .env("ADAPTER_FORWARD", "/ready=/metrics;ok=200;fail=503")
                    .env("ADAPTER_JSON_URL", "/stats")
                    .env("ADAPTER_JSON_MAPPING", "/config/mapping.yaml");
            try (GenericContainer<?> app = busyboxApp("/bin/busybox", "httpd", "-f", "-p", "127.0.0.1:" + httpd, "-h", "/www")
                    .withFileSystemBind(www.toString(), "/www", BindMode.READ_ONLY)) {
                app.start();
                pod.start(Duration.ofSeconds(30));
                adapter.awaitHttpOk(admin, "/readyz", Duration.ofSeconds(30));

                HttpResponse<String> up = adapter.awaitHttpOk(listen, "/health", Duration.ofSeconds(10));
                assertTrue(up.body().contains("\"status\":\"up\""), up.body());
                assertEquals(200, PodContainer.get(listen, "/ready").statusCode());

                Files.delete(www.resolve("metrics")); // the app's /metrics now answers 404
                HttpResponse<String> down = await(adapter, listen, "/health", status(503), "503");
                assertTrue(down.body().contains("\"reason\":\"status 404 (expected 200-399)\""), down.body());
                assertEquals(503, PodContainer.get(listen, "/ready").statusCode(), "the forward maps 404 to fail=503");

                Files.writeString(www.resolve("metrics"), "app_up 1\n");
                await(adapter, listen, "/health", status(200), "200");

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

    @Test
    void shouldTakeHealthAndATimecheckCounterFromTheLogInTheSharedVolume() throws Exception {
        int listen = freePort();
        int admin = freePort();
        try (Pod pod = new Pod("metrics-adapter-timecheck")) {
            Path shared = pod.emptyDir("shared");
            PodContainer adapter = pod.container("adapter", Images.METRICS_ADAPTER)
                    .mount(shared, "/shared", true)
                    .env("ADAPTER_LISTEN", "127.0.0.1:" + listen)
                    .env("ADAPTER_ADMIN_LISTEN", "127.0.0.1:" + admin)
                    .env("ADAPTER_HEALTH_CHECK", "file:/shared/timecheck.log;modified=5s;name=timecheck-log")
                    .env("ADAPTER_APP_LOG", "/shared/timecheck.log")
                    .env("ADAPTER_APP_LOG_COUNT", "timecheck_total=Environment: .* time check");
            pod.start(Duration.ofSeconds(30));
            adapter.awaitHttpOk(admin, "/readyz", Duration.ofSeconds(30));
            HttpResponse<String> before = PodContainer.get(listen, "/health");
            assertEquals(503, before.statusCode(), "the app has not written yet: " + before.body());
            assertTrue(before.body().contains("no such file /shared/timecheck.log"), before.body());

            try (GenericContainer<?> app = busyboxApp("/bin/busybox", "sh", "-c",
                    "while true; do echo \"$(/bin/busybox date +%Y-%m-%dT%H:%M:%S) Environment: prod time check\" >> /shared/timecheck.log;"
                            + " /bin/busybox sleep 1; done")
                    .withFileSystemBind(shared.toString(), "/shared", BindMode.READ_WRITE)) {
                app.start();
                await(adapter, listen, "/health", status(200), "200");
                HttpResponse<String> metrics = await(adapter, listen, "/metrics", r -> count(r.body()) >= 3, "timecheck_total >= 3");
                assertTrue(metrics.body().contains("adapter_log_file_present{file=\"/shared/timecheck.log\"} 1\n"), metrics.body());
                assertTrue(metrics.body().contains("\ntimecheck_last_match_timestamp_seconds "), metrics.body());
                Promtool.assertValid(metrics.body());
            }
            // the app stopped writing: health turns 503 once the log is older than 5 s; the count stays
            HttpResponse<String> stale = await(adapter, listen, "/health", status(503), "503");
            assertTrue(stale.body().contains("\"reason\":\"not modified for "), stale.body());
            assertTrue(count(PodContainer.get(listen, "/metrics").body()) >= 3);
        }
    }

    private static long count(String exposition) {
        Matcher m = Pattern.compile("(?m)^timecheck_total (\\d+)$").matcher(exposition);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
