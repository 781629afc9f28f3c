package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;

import dev.sidecars.common.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonMapperTest {

    /** json_exporter's own example, with the two keys it has and we do not support removed (see docs/metrics-adapter.md, "From json_exporter"). */
    static final String JSON_EXPORTER_EXAMPLE = """
            ---
            modules:
              default:
                metrics:
                - name: example_global_value
                  path: '{ .counter }'
                  help: Example of a top-level global value scrape in the json
                  labels:
                    environment: beta # static label
                    location: 'planet-{.location}'          # dynamic label
                - name: example_value
                  type: object
                  help: Example of sub-level value scrapes from a json
                  path: '{.values[?(@.state == "ACTIVE")]}'
                  labels:
                    environment: beta # static label
                    id: '{.id}'          # dynamic label
                  values:
                    active: 1      # static value
                    count: '{.count}' # dynamic value
                    boolean: '{.some_boolean}'
            """;

    static final String JSON_EXPORTER_DATA = """
            {
                "counter": 1234,
                "timestamp": 1657568506,
                "values": [
                    {"id": "id-A", "count": 1, "some_boolean": true, "state": "ACTIVE"},
                    {"id": "id-B", "count": 2, "some_boolean": true, "state": "INACTIVE"},
                    {"id": "id-C", "count": 3, "some_boolean": false, "state": "ACTIVE"}
                ],
                "location": "mars"
            }
            """;

    private static String expose(String mapping, String json) {
        JsonMapper.Result result = JsonMapper.map(JsonDocuments.parse(json), MappingFile.parse(mapping, "mapping.yaml"));
        return Exposition.write(result.families(), false);
    }

    @Test
    void shouldMapTheJsonExporterExampleLikeJsonExporter() {
        String text = expose(JSON_EXPORTER_EXAMPLE, JSON_EXPORTER_DATA);
        assertEquals("""
                # HELP example_global_value Example of a top-level global value scrape in the json
                # TYPE example_global_value untyped
                example_global_value{environment="beta",location="planet-mars"} 1234
                # HELP example_value_active Example of sub-level value scrapes from a json
                # TYPE example_value_active untyped
                example_value_active{environment="beta",id="id-A"} 1
                example_value_active{environment="beta",id="id-C"} 1
                # HELP example_value_count Example of sub-level value scrapes from a json
                # TYPE example_value_count untyped
                example_value_count{environment="beta",id="id-A"} 1
                example_value_count{environment="beta",id="id-C"} 3
                # HELP example_value_boolean Example of sub-level value scrapes from a json
                # TYPE example_value_boolean untyped
                example_value_boolean{environment="beta",id="id-A"} 1
                example_value_boolean{environment="beta",id="id-C"} 0
                """, text);
        Promtool.assertValid(text);
    }

    static final String ES_MAPPING = """
            metrics:
            - name: es_cluster_status
              path: '{.status}'
              help: Cluster health as a state set
              valuetype: gauge
              states: {label: color, values: [green, yellow, red]}
            - name: es_cluster_health
              path: '{.status}'
              help: Cluster health, 2 green, 1 yellow, 0 red
              valuetype: gauge
              valueconverter: {'{.status}': {GREEN: 2, yellow: 1, red: 0}}
            - name: es_nodes
              path: '{.number_of_nodes}'
              help: Nodes in the cluster
              valuetype: gauge
            - name: es_index
              type: object
              path: '{.indices.*}'
              help: Per-index counters
              valuetype: counter
              labels: {index: '{@key}', cluster: '{$.cluster_name}'}
              values: {docs: '{.docs.count}'}
            - name: es_index_health
              type: object
              path: '{.indices.*}'
              help: Per-index health
              valuetype: gauge
              labels: {index: '{@key}'}
              values: {health: '{.health}'}
              valueconverter: {'{.health}': {green: 2, yellow: 1, red: 0}}
            """;

    @Test
    void shouldMapStatesValueConvertersAndMapKeysAsLabels() {
        String text = expose(ES_MAPPING, """
                {"cluster_name": "prod \\"eu\\"", "status": "yellow", "number_of_nodes": 3,
                 "indices": {"logs-1": {"docs": {"count": 10}, "health": "green"},
                             "metrics\\\\x": {"docs": {"count": 20}, "health": "red"}}}
                """);
        assertEquals("""
                # HELP es_cluster_status Cluster health as a state set
                # TYPE es_cluster_status gauge
                es_cluster_status{color="green"} 0
                es_cluster_status{color="yellow"} 1
                es_cluster_status{color="red"} 0
                # HELP es_cluster_health Cluster health, 2 green, 1 yellow, 0 red
                # TYPE es_cluster_health gauge
                es_cluster_health 1
                # HELP es_nodes Nodes in the cluster
                # TYPE es_nodes gauge
                es_nodes 3
                # HELP es_index_docs_total Per-index counters
                # TYPE es_index_docs_total counter
                es_index_docs_total{index="logs-1",cluster="prod \\"eu\\""} 10
                es_index_docs_total{index="metrics\\\\x",cluster="prod \\"eu\\""} 20
                # HELP es_index_health_health Per-index health
                # TYPE es_index_health_health gauge
                es_index_health_health{index="logs-1"} 2
                es_index_health_health{index="metrics\\\\x"} 0
                """, text);
        Promtool.assertValid(text);
    }

    @Test
    void shouldWriteOpenMetricsWithCounterFamiliesWithoutTotalAndAnEof() {
        JsonMapper.Result result = JsonMapper.map(JsonDocuments.parse("{\"cluster_name\": \"c\", \"indices\": {\"a\": {\"docs\": {\"count\": 1}}}}"),
                MappingFile.parse(ES_MAPPING, "m.yaml"));
        String om = Exposition.write(result.families(), true);
        assertTrue(om.contains("# TYPE es_index_docs counter\nes_index_docs_total{index=\"a\",cluster="), om);
        assertTrue(om.endsWith("# EOF\n"), om);
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("{\"status\": \"purple\"}", "\"purple\" is not one of the states [green, yellow, red]"),
                Arguments.of("{\"number_of_nodes\": \"many\"}", "is \"many\", not a number"),
                Arguments.of("{\"number_of_nodes\": {\"a\": 1}}", "not a number"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("problems")
    void shouldDescribeValuesThatCannotBeMappedAndKeepGoing(String json, String problem) {
        JsonMapper.Result result = JsonMapper.map(JsonDocuments.parse(json), MappingFile.parse(ES_MAPPING, "m.yaml"));
        assertTrue(result.problems().stream().anyMatch(p -> p.contains(problem)), result.problems().toString());
        Promtool.assertValid(Exposition.write(result.families(), false));
    }

    @Test
    void shouldCountMissingValuesInsteadOfFailing() {
        JsonMapper.Result result = JsonMapper.map(JsonDocuments.parse("{\"number_of_nodes\": 2}"), MappingFile.parse(ES_MAPPING, "m.yaml"));
        assertEquals(4, result.missing(), "status twice, and the two object rules find no indices");
        assertEquals(1, result.families().size());
        assertTrue(result.problems().isEmpty(), result.problems().toString());
    }

    @Test
    void shouldKeepTheFirstOfTwoSeriesWithTheSameLabels() {
        JsonMapper.Result result = JsonMapper.map(JsonDocuments.parse("{\"a\": [1, 2]}"),
                MappingFile.parse("metrics: [{name: a, path: '{.a[*]}', valuetype: gauge}]", "m.yaml"));
        assertEquals("# HELP a JSON value {.a[*]} of the app\n# TYPE a gauge\na 1\n", Exposition.write(result.families(), false));
        assertTrue(result.problems().iterator().next().contains("two series with the same labels"));
    }

    static Stream<Arguments> numbers() {
        return Stream.of(
                Arguments.of(3, 3.0), Arguments.of(0.25, 0.25), Arguments.of(true, 1.0), Arguments.of(false, 0.0),
                Arguments.of("42", 42.0), Arguments.of("-1.5e3", -1500.0), Arguments.of("Green", 2.0),
                Arguments.of("NaN", null), Arguments.of("0x10", null), Arguments.of("", null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("numbers")
    void shouldTurnJsonValuesIntoNumbers(Object value, Double expected) {
        Double actual = JsonMapper.number(value, Map.of("green", 2.0));
        if (expected == null) {
            assertNull(actual);
        } else {
            assertEquals(expected, actual);
        }
    }

    static Stream<Arguments> numberTexts() {
        return Stream.of(Arguments.of(1.0, "1"), Arguments.of(0.5, "0.5"), Arguments.of(Double.NaN, "NaN"),
                Arguments.of(Double.POSITIVE_INFINITY, "+Inf"), Arguments.of(1e20, "1.0E20"), Arguments.of(-3.0, "-3"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("numberTexts")
    void shouldWriteSampleValuesAsPrometheusParsesThem(double value, String text) {
        assertEquals(text, Exposition.number(value));
    }
}
