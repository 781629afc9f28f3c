package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MappingFileTest {

    @Test
    void shouldReportEveryProblemWithItsLineAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MappingFile.parse("""
                metrics:
                - name: 1bad
                  path: '{.a'
                - name: ok_total
                  path: '{.b}'
                  valuetype: gauge
                - path: '{.c}'
                  colour: blue
                - name: d
                  path: '{.d}'
                  valuetype: histogram
                  labels: {__x: '{.e}'}
                  states: {label: s}
                """, "m.yaml"));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(List.of(
                "m.yaml:2:9: metrics[0].name: \"1bad\" is not a metric name (expected letters, digits and _, not starting with a digit)",
                "m.yaml:3:9: metrics[0].path: '{' at position 0 is not closed in \"{.a\"",
                "m.yaml:4:9: metrics[1].name: only counters end in _total (set valuetype: counter, or rename)",
                "m.yaml:8:11: metrics[2]: unknown key colour (expected one of [help, labels, name, path, states, type, valueconverter, values, valuetype])",
                "m.yaml:7:3: metrics[2]: name is required",
                "m.yaml:11:14: metrics[3].valuetype: expected gauge, counter or untyped",
                "m.yaml:12:17: metrics[3].labels: \"__x\" is not a label name (expected letters, digits and _, not starting with __)",
                "m.yaml:13:11: metrics[3].states: expected {label: NAME, values: [a, b, ...]}"), lines);
    }

    @Test
    void shouldNameJsonExporterKeysItDoesNotSupport() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MappingFile.parse("""
                modules:
                  default:
                    headers: {X-Dummy: a}
                    metrics:
                    - {name: a, path: '{.a}', epochTimestamp: '{.t}'}
                """, "m.yaml"));
        assertTrue(e.getMessage().contains("m.yaml:3:14: module key headers is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key epochTimestamp"), e.getMessage());
    }

    @Test
    void shouldRejectMalformedYamlAndEmptyFiles() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MappingFile.parse("metrics: [", "m.yaml"))
                .getMessage().startsWith("m.yaml: not valid YAML"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MappingFile.parse("", "m.yaml"))
                .getMessage().contains("expected a mapping with metrics: or modules:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MappingFile.parse("metrics: []", "m.yaml"))
                .getMessage().contains("non-empty list"));
    }

    @Test
    void shouldPickTheDefaultModuleAmongSeveral() {
        JsonMapping mapping = MappingFile.parse("""
                modules:
                  other: {metrics: [{name: x, path: '{.x}'}]}
                  default: {metrics: [{name: y, path: '{.y}'}]}
                """, "m.yaml");
        assertEquals("y", mapping.rules().getFirst().name());
    }
}
