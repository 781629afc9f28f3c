package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prometheus endpoint's {@code sources:} in the config file: reading, and every start-up error with its location. */
class SourcesConfigTest {

    @TempDir
    Path dir;

    private static List<String> problems(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> ConfigFile.parse(yaml, "f.yaml")).getMessage().lines().toList();
    }

    @Test
    void shouldReadSeveralSourcesIntoOneEndpoint() throws Exception {
        Path mapping = dir.resolve("nodes.yaml");
        Files.writeString(mapping, "metrics: [{name: es_node_docs, path: '{.docs}', valuetype: gauge, help: Docs}]\n");
        Endpoints endpoints = ConfigFile.parse("""
                endpoints:
                - path: /metrics
                  kind: prometheus
                  sources:
                  - source: /_cluster/health
                    metrics: [{name: es_nodes, path: '{.number_of_nodes}', valuetype: gauge, help: Nodes}]
                  - {source: 'http://127.0.0.1:9200/_nodes/_local/stats', mapping: %s, missing: fail}
                - {path: /one, kind: prometheus, source: /stats, metrics: [{name: a, path: '{.a}'}]}
                """.formatted(mapping), "f.yaml");
        Endpoints.JsonSource json = endpoints.json().getFirst();
        assertEquals(List.of("/_cluster/health", "http://127.0.0.1:9200/_nodes/_local/stats"),
                json.sources().stream().map(Endpoints.Source::url).toList());
        assertEquals(List.of(AdapterConfig.MissingValues.SKIP, AdapterConfig.MissingValues.FAIL),
                json.sources().stream().map(Endpoints.Source::missing).toList());
        assertEquals(mapping, json.sources().get(1).mappingFile());
        assertEquals("es_node_docs", json.sources().get(1).mapping().rules().getFirst().name());
        assertTrue(json.labelled());
        assertFalse(endpoints.json().get(1).labelled(), "a lone source keeps its unlabelled series");
        assertEquals(List.of("/metrics", "/one"), endpoints.paths());
    }

    @Test
    void shouldAcceptTheBenchmarksConfigWithBothElasticsearchSourcesOnOneEndpoint() {
        // the module's tests run in metrics-adapter/; the benchmark must not be the first to find a broken config
        Endpoints endpoints = ConfigFile.load(Path.of("../bench/metrics-adapter/adapter.yaml"));
        assertEquals(List.of("/health", "/metrics"), endpoints.paths());
        assertEquals(List.of("/_cluster/health", "/_nodes/_local/stats"),
                endpoints.json().getFirst().sources().stream().map(Endpoints.Source::url).toList());
    }

    @Test
    void shouldReportEverySourcesProblemAtOnceWithItsLocation() {
        assertEquals(List.of(
                "f.yaml:2:53: endpoints[0]: source: cannot be used with sources: (expected it on each item of sources:)",
                "f.yaml:2:66: endpoints[0]: missing: cannot be used with sources: (expected it on each item of sources:)",
                "f.yaml:2:41: endpoints[0]: sources: expected a non-empty list of {source:, metrics: or mapping:}",
                "f.yaml:3:41: endpoints[1]: sources: expected a non-empty list of {source:, metrics: or mapping:}",
                "f.yaml:7:5: endpoints[2].sources[0]: expected a mapping with source: and metrics: or mapping:",
                "f.yaml:8:5: endpoints[2].sources[1]: source: is required",
                "f.yaml:9:5: endpoints[2].sources[2]: expected exactly one of mapping: (a file) or metrics: (inline rules)",
                "f.yaml:10:26: endpoints[2].sources[3]: unknown key colour (expected one of [mapping, metrics, missing, source])",
                "f.yaml:11:27: endpoints[2].sources[4]: missing: expected skip or fail",
                "f.yaml:12:28: endpoints[2].sources[5].metrics[0]: path is required",
                "f.yaml:13:14: endpoints[2].sources[6]: source: \"ftp://x\" is not an http:// or https:// URL (expected a path such as"
                        + " /stats or " + UpstreamUrl.FORMAT + ")"),
                problems("""
                        endpoints:
                        - {path: /a, kind: prometheus, sources: [], source: /s, missing: skip}
                        - {path: /b, kind: prometheus, sources: []}
                        - path: /c
                          kind: prometheus
                          sources:
                          - just text
                          - {metrics: [{name: a, path: '{.a}'}]}
                          - {source: /x}
                          - {source: /y, colour: red, metrics: [{name: a, path: '{.a}'}]}
                          - {source: /z, missing: maybe, metrics: [{name: a, path: '{.a}'}]}
                          - {source: /w, metrics: [{name: a}]}
                          - {source: 'ftp://x', metrics: [{name: a, path: '{.a}'}]}
                        """));
    }

    @Test
    void shouldRejectSourcesWhoseFamiliesCannotMergeOrThatRepeat() {
        assertEquals(List.of(
                "f.yaml:5:3: endpoints[0]: sources: family es_x from /a (gauge, help \"X\") and from /b (untyped, help \"X\") differ"
                        + " (expected the same type and help to merge them)",
                "f.yaml:5:3: endpoints[0]: sources: family es_y_total from /a (counter, help \"Y\") and from /c (counter, help \"Why\") differ"
                        + " (expected the same type and help to merge them)",
                "f.yaml:11:3: endpoints[1]: sources: source /a is listed twice (expected each JSON document once)"),
                problems("""
                        endpoints:
                        - path: /m
                          kind: prometheus
                          sources:
                          - {source: /a, metrics: [{name: es_x, path: '{.x}', valuetype: gauge, help: X}, {name: es_y, path: '{.y}', valuetype: counter, help: Y}]}
                          - {source: /b, metrics: [{name: es_x, path: '{.x}', valuetype: untyped, help: X}]}
                          - {source: /c, metrics: [{name: es_y_total, path: '{.y}', valuetype: counter, help: Why}]}
                        - path: /n
                          kind: prometheus
                          sources:
                          - {source: /a, metrics: [{name: es_x, path: '{.x}', valuetype: gauge, help: X}]}
                          - {source: /a, metrics: [{name: es_z, path: '{.z}', valuetype: gauge, help: Z}]}
                        """));
        Endpoints same = ConfigFile.parse("""
                endpoints:
                - path: /m
                  kind: prometheus
                  sources:
                  - {source: /a, metrics: [{name: es_x, path: '{.x}', valuetype: gauge, help: X}]}
                  - {source: /b, metrics: [{name: es_x, path: '{.x}', valuetype: gauge, help: X}]}
                """, "f.yaml");
        assertEquals(2, same.json().getFirst().sources().size());
    }
}
