package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    static final String FULL = """
            endpoints:
            - path: /health
              kind: health
              checks:
              - {kind: http, target: /metrics, status: 200-299, body: 'up;ok|a{1,2}', timeout: 500ms, name: app}
              - {kind: tcp, target: '127.0.0.1:5432'}
              - {kind: file, target: /shared/app.log, modified: 30s}
            - path: /live
              kind: health
              checks: [{kind: http, target: /metrics}]
            - {path: /ready, kind: forward, upstream: /metrics, ok: 200, fail: 503}
            - {path: /version, kind: static, body: '{"v": "1"}', contentType: application/json, status: 200}
            - path: /metrics
              kind: prometheus
              source: /stats
              missing: fail
              metrics:
              - {name: es_nodes, path: '{.number_of_nodes}', valuetype: gauge}
            """;

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryKindOfEndpoint() {
        Endpoints endpoints = ConfigFile.parse(FULL, "adapter.yaml");
        assertEquals(List.of("/health", "/live", "/metrics", "/version", "/ready"), endpoints.paths());
        CheckSpec app = endpoints.health().getFirst().checks().getFirst();
        assertEquals("app", app.name());
        assertEquals("up;ok|a{1,2}", app.body().pattern());
        assertEquals(Duration.ofMillis(500), app.timeout());
        assertEquals(Duration.ofSeconds(30), endpoints.health().getFirst().checks().get(2).modifiedWithin());
        assertEquals(503, endpoints.forwards().getFirst().map(500));
        assertEquals(new Endpoints.Static("/version", 200, "application/json", "{\"v\": \"1\"}"), endpoints.statics().getFirst());
        assertEquals(AdapterConfig.MissingValues.FAIL, endpoints.json().getFirst().missing());
        assertEquals("es_nodes", endpoints.json().getFirst().mapping().rules().getFirst().name());
    }

    @Test
    void shouldReportEveryProblemWithItsLocation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigFile.parse("""
                endpoints:
                - path: health
                  kind: health
                  checks:
                  - {kind: http, target: /m, status: 999}
                  - {kind: smtp, target: x}
                - {path: /a, kind: forward}
                - {path: /b, kind: static, status: 700, colour: red}
                - {path: /c, kind: prometheus, source: /s, metrics: [{name: x}]}
                - {path: /a, kind: teapot}
                """, "adapter.yaml"));
        assertEquals(List.of(
                "adapter.yaml:2:9: endpoints[0]: path: \"health\" is not an HTTP path starting with /",
                "adapter.yaml:5:5: endpoints[0]: checks[0]: \"999\" is not a status range (expected e.g. 200-399 or 200, codes 100-599)",
                "adapter.yaml:6:5: endpoints[0]: checks[1]: \"smtp\" is not a check kind (expected http, tcp or file)",
                "adapter.yaml:7:3: endpoints[1]: upstream: is required",
                "adapter.yaml:8:49: endpoints[2]: unknown key colour for a static endpoint (expected one of [body, contentType, kind, path, status])",
                "adapter.yaml:8:36: endpoints[2]: status: \"700\" is not a status from 200 to 599",
                "adapter.yaml:9:54: endpoints[3].metrics[0]: path is required",
                "adapter.yaml:10:20: endpoints[4]: kind: expected health, forward, static, prometheus or prometheus-text"),
                e.getMessage().lines().toList());
    }

    @Test
    void shouldRejectTwoEndpointsOnOnePathAndAnEmptyFile() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigFile.parse("""
                endpoints:
                - {path: /a, kind: static}
                - {path: /a, kind: forward, upstream: /b}
                """, "f.yaml")).getMessage().contains("f.yaml: path /a is served by two endpoints"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigFile.parse("endpoints: []", "f.yaml"))
                .getMessage().contains("endpoints is empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigFile.parse("health: {}", "f.yaml"))
                .getMessage().contains("expected endpoints: a list of endpoints"));
    }

    @Test
    void shouldTakeEndpointsFromTheFileAndRejectEndpointVariablesBesideIt() throws Exception {
        Path file = dir.resolve("adapter.yaml");
        Files.writeString(file, FULL);
        AdapterConfig config = AdapterConfig.fromEnv(Map.of("ADAPTER_CONFIG_FILE", file.toString()));
        assertEquals(5, config.endpoints().paths().size());
        ConfigException e = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_CONFIG_FILE", file.toString(), "ADAPTER_HEALTH_CHECK", "http:/metrics")));
        assertEquals(List.of("ADAPTER_HEALTH_CHECK is set, but endpoints come from ADAPTER_CONFIG_FILE"
                + " (expected one or the other: declare the endpoint in the file)"), e.problems());
        Files.writeString(file, "endpoints:\n- {path: /x, kind: forward}\n");
        ConfigException broken = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of("ADAPTER_CONFIG_FILE", file.toString())));
        assertEquals(List.of("ADAPTER_CONFIG_FILE: " + file + ":2:3: endpoints[0]: upstream: is required"), broken.problems());
    }

    @Test
    void shouldReadPrometheusTextEndpointsAndRejectBadRegexesAndPrefixes() {
        Endpoints endpoints = ConfigFile.parse("""
                endpoints:
                - {path: /metrics, kind: prometheus-text, source: /actuator/prometheus, allow: 'http_.*', prefix: app_}
                """, "f.yaml");
        assertEquals("app_", endpoints.promText().getFirst().prefix());
        assertEquals("http_.*", endpoints.promText().getFirst().allow().pattern());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigFile.parse("""
                endpoints:
                - {path: /metrics, kind: prometheus-text, source: /p, deny: '(', prefix: 1x}
                """, "f.yaml"));
        assertEquals(List.of("f.yaml:2:61: endpoints[0]: deny: \"(\" is not a regular expression: Unclosed group",
                "f.yaml:2:74: endpoints[0]: prefix: \"1x\" is not a metric name prefix"), e.getMessage().lines().toList());
    }
}
