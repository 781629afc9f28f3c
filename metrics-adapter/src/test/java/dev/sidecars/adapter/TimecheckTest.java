package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import dev.sidecars.common.testing.Promtool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "timecheck" story end to end: the app only writes a line to its log in the shared volume;
 * /health says whether the log was written to lately, and /metrics counts the time checks.
 */
class TimecheckTest {

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

    private static Adapter adapter(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("ADAPTER_LISTEN", "127.0.0.1:0");
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return Adapter.start(AdapterConfig.fromEnv(env), vertx, new SimpleMeterRegistry());
    }

    private static HttpResponse<String> get(Adapter adapter, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adapter.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Scrapes until the exposition satisfies {@code done}: the file is polled every second at most (generous bound). */
    private static String scrapeUntil(Adapter adapter, String path, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body;
        do {
            body = get(adapter, path).body();
            if (done.test(body)) {
                return body;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not reached within 20 s:\n" + body);
    }

    private static void timecheck(Path log, int n) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            lines.append(Instant.now()).append(" Environment: prod time check\n");
        }
        Files.writeString(log, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void shouldDeriveHealthAndATimecheckCounterFromTheLogFileAlone() throws Exception {
        Path log = dir.resolve("timecheck.log");
        try (Adapter adapter = adapter("ADAPTER_CHECK_CACHE", "0s",
                "ADAPTER_HEALTH_CHECK", "file:" + log + ";modified=30s;name=timecheck-log",
                "ADAPTER_APP_LOG", log.toString(),
                "ADAPTER_APP_LOG_COUNT", "timecheck_total=Environment: .* time check")) {
            HttpResponse<String> before = get(adapter, "/health");
            assertEquals(503, before.statusCode(), "the app has not written yet");
            assertTrue(before.body().contains("\"reason\":\"no such file " + log + "\""), before.body());
            String empty = get(adapter, "/metrics").body();
            assertTrue(empty.contains("\ntimecheck_total 0\n"), empty);
            assertTrue(empty.contains("\nadapter_log_file_present{file=\"" + log + "\"} 0\n"), empty);
            Promtool.assertValid(empty);

            timecheck(log, 3);
            String counted = scrapeUntil(adapter, "/metrics", body -> body.contains("\ntimecheck_total 3\n"));
            assertTrue(counted.contains("\nadapter_log_file_present{file=\"" + log + "\"} 1\n"), counted);
            assertTrue(counted.contains("\ntimecheck_last_match_timestamp_seconds "), counted);
            double stamp = Double.parseDouble(counted.lines().filter(l -> l.startsWith("timecheck_last_match_timestamp_seconds "))
                    .findFirst().orElseThrow().split(" ")[1]);
            assertTrue(Math.abs(stamp - Instant.now().getEpochSecond()) < 60, "a recent Unix time: " + stamp);
            Promtool.assertValid(counted);
            assertEquals(200, get(adapter, "/health").statusCode());

            HttpResponse<String> openMetrics = get(adapter, "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
            assertTrue(openMetrics.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"));
            assertTrue(openMetrics.body().contains("# TYPE timecheck counter\ntimecheck_total 3\n"), openMetrics.body());
            assertTrue(openMetrics.body().endsWith("# EOF\n"), openMetrics.body());

            Files.setLastModifiedTime(log, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(45)));
            HttpResponse<String> stale = get(adapter, "/health");
            assertEquals(503, stale.statusCode(), stale.body());
            assertTrue(stale.body().contains("\"name\":\"timecheck-log\",\"status\":\"down\",\"reason\":\"not modified for 4"), stale.body());
        }
    }

    @Test
    void shouldKeepCountingFromTheConfigFileAcrossARenameRotation() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "2026-11-22T00:59:00Z Environment: prod time check\nlevel=INFO history\n");
        Path config = dir.resolve("adapter.yaml");
        Files.writeString(config, """
                endpoints:
                - path: /health
                  kind: health
                  checks: [{kind: file, target: '%1$s', modified: 30s}]
                - path: /metrics
                  kind: prometheus-log
                  file: '%1$s'
                  from: start
                  poll: 50ms
                  counters:
                  - {name: timecheck_total, match: 'Environment: .* time check', help: Time checks the app wrote}
                  - {name: app_lines_total, match: 'level=(?<level>[A-Z]+)', maxLabelValues: 2}
                """.formatted(log));
        try (Adapter adapter = adapter("ADAPTER_CONFIG_FILE", config.toString())) {
            scrapeUntil(adapter, "/metrics", body -> body.contains("\ntimecheck_total 1\n"));
            timecheck(log, 1);
            Files.writeString(log, "level=WARN a\nlevel=ERROR b\n", StandardOpenOption.APPEND);
            Files.move(log, dir.resolve("app.log.1"));
            timecheck(log, 2);
            String body = scrapeUntil(adapter, "/metrics", b -> b.contains("\ntimecheck_total 4\n"));
            assertTrue(body.contains("\napp_lines_total{level=\"INFO\"} 1\n"), body);
            assertTrue(body.contains("\napp_lines_total{level=\"WARN\"} 1\n"), body);
            assertTrue(body.contains("\nadapter_log_label_overflow_total{counter=\"app_lines_total\"} 1\n"), body);
            assertTrue(body.contains("\nadapter_log_rotations_total{file=\"" + log + "\"} 1\n"), body);
            Promtool.assertValid(body);
            assertEquals(200, get(adapter, "/health").statusCode());
        }
    }
}
