package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.env.ConfigException;
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
        assertEquals(AdapterConfig.MissingValues.FAIL, endpoints.json().getFirst().sources().getFirst().missing());
        assertEquals("es_nodes", endpoints.json().getFirst().sources().getFirst().mapping().rules().getFirst().name());
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
                "adapter.yaml:10:20: endpoints[4]: kind: expected health, forward, static, prometheus, prometheus-text or prometheus-log"),
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

    @Test
    void shouldReadLogCountersWithTheirLabelsAndBounds() {
        Endpoints endpoints = ConfigFile.parse("""
                endpoints:
                - path: /metrics
                  kind: prometheus-log
                  file: /shared/timecheck.log
                  from: start
                  poll: 250ms
                  counters:
                  - {name: timecheck_total, match: 'Environment: .* time check', help: Time checks written by the app}
                  - {name: app_lines_total, match: 'level=(?<level>[A-Z]+), code=(?<code>[0-9]+)', maxLabelValues: 10}
                """, "f.yaml");
        Endpoints.LogFile log = endpoints.logs().getFirst();
        assertEquals(Path.of("/shared/timecheck.log"), log.file());
        assertTrue(log.fromStart());
        assertEquals(Duration.ofMillis(250), log.poll());
        assertEquals("Time checks written by the app", log.counters().getFirst().help());
        assertEquals(List.of("level", "code"), log.counters().get(1).labels());
        assertEquals(10, log.counters().get(1).maxLabelValues());
        assertEquals(List.of("/metrics"), endpoints.paths());
    }

    @Test
    void shouldReportEveryLogSourceProblemWithItsLocation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigFile.parse("""
                endpoints:
                - path: /metrics
                  kind: prometheus-log
                  file: shared/app.log
                  from: middle
                  poll: 0s
                  counters:
                  - {name: timecheck, match: 'time check'}
                  - {name: a_total, match: '(', colour: red}
                  - {name: b_total, match: x, maxLabelValues: many}
                  - {name: c_total, match: y, maxLabelValues: 0}
                  - {match: z}
                - {path: /log2, kind: prometheus-log, file: /x.log}
                - {path: /log3, kind: prometheus-log, file: /x.log, counters: [{name: d_total, match: a}, {name: d_total, match: b}]}
                """, "f.yaml"));
        assertEquals(List.of(
                "f.yaml:4:9: endpoints[0]: file: \"shared/app.log\" is not an absolute path (expected e.g. /shared/app.log)",
                "f.yaml:5:9: endpoints[0]: from: \"middle\" is not end or start",
                "f.yaml:6:9: endpoints[0]: poll: \"0s\" is not a duration from 10ms to 1m (e.g. 1s)",
                "f.yaml:8:5: endpoints[0]: counters[0]: name \"timecheck\" is not a counter name (expected letters, digits, _ and :,"
                        + " ending in _total, e.g. timecheck_total)",
                "f.yaml:9:41: endpoints[0]: counters[1]: unknown key colour (expected one of [help, match, maxLabelValues, name])",
                "f.yaml:10:47: endpoints[0]: counters[2]: maxLabelValues: \"many\" is not a number (expected e.g. 20)",
                "f.yaml:11:5: endpoints[0]: counters[3]: maxLabelValues 0 is out of range (expected at least 1, e.g. 20)",
                "f.yaml:12:5: endpoints[0]: counters[4]: expected a mapping with name: and match:",
                "f.yaml:13:3: endpoints[1]: counters: expected a non-empty list of {name:, match:}",
                "f.yaml:14:63: endpoints[2]: counters: metric name \"d_total\" is used twice (expected distinct counter names)",
                "f.yaml:14:63: endpoints[2]: counters: metric name \"d_last_match_timestamp_seconds\" is used twice (expected distinct counter names)"),
                e.getMessage().lines().toList());
    }
}
