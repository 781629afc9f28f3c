package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import dev.sidecars.common.testing.Promtool;
import org.junit.jupiter.api.Test;

/** Merging several sources' families into one exposition, and the start-up check that they can be. */
class FamilyMergeTest {

    private static final JsonMapping.MetricType GAUGE = JsonMapping.MetricType.GAUGE;
    private static final JsonMapping.MetricType COUNTER = JsonMapping.MetricType.COUNTER;

    private static Family family(String name, JsonMapping.MetricType type, String help, double... valuesByNode) {
        List<Sample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < valuesByNode.length; i++) {
            samples.add(new Sample(List.<String[]>of(new String[] {"node", "n" + (int) valuesByNode[i]}), valuesByNode[i]));
        }
        return new Family(name, help, type, samples);
    }

    @Test
    void shouldWriteAFamilyOfSeveralSourcesOnceWithTheirSamplesConcatenated() {
        FamilyMerge.Result merged = FamilyMerge.merge(List.of("/a", "/b"), List.of(
                List.of(family("es_docs", GAUGE, "Docs", 1), family("es_first_only", GAUGE, "A", 7)),
                List.of(family("es_second_ops_total", COUNTER, "B", 8), family("es_docs", GAUGE, "Docs", 2, 3))));
        String text = Exposition.write(merged.families(), false);
        assertEquals("""
                # HELP es_docs Docs
                # TYPE es_docs gauge
                es_docs{node="n1"} 1
                es_docs{node="n2"} 2
                es_docs{node="n3"} 3
                # HELP es_first_only A
                # TYPE es_first_only gauge
                es_first_only{node="n7"} 7
                # HELP es_second_ops_total B
                # TYPE es_second_ops_total counter
                es_second_ops_total{node="n8"} 8
                """, text);
        assertEquals(List.of(List.of(), List.of()), merged.problems());
        Promtool.assertValid(text);
    }

    @Test
    void shouldKeepTheFirstOfTwoIdenticalSeriesAndReportItAgainstTheLaterSource() {
        FamilyMerge.Result merged = FamilyMerge.merge(List.of("/a", "/b"), List.of(
                List.of(family("es_docs", GAUGE, "Docs", 1)),
                List.of(family("es_docs", GAUGE, "Docs", 1, 2), family("es_docs_other_total", COUNTER, "Docs", 1))));
        assertEquals(List.of(1.0, 2.0), merged.families().getFirst().samples().stream().map(Sample::value).toList());
        assertEquals(List.of(List.of(), List.of("es_docs{node=\"n1\"} from /b is also produced by an earlier source; the first is kept")),
                merged.problems());
        Promtool.assertValid(Exposition.write(merged.families(), false));
    }

    @Test
    void shouldDropAFamilyWhoseTypeOrHelpDisagreesRatherThanWriteInvalidText() {
        FamilyMerge.Result merged = FamilyMerge.merge(List.of("/a", "/b", "/c"), List.of(
                List.of(family("es_docs", GAUGE, "Docs", 1)),
                List.of(family("es_docs", COUNTER, "Docs", 2)),
                List.of(family("es_docs", GAUGE, "Other help", 3))));
        assertEquals(1, merged.families().getFirst().samples().size());
        assertEquals(List.of(List.of(),
                List.of("es_docs from /b has another type or help than from an earlier source; dropped"),
                List.of("es_docs from /c has another type or help than from an earlier source; dropped")), merged.problems());
    }

    @Test
    void shouldDeclareTheFamiliesEachRuleProduces() {
        JsonMapping mapping = MappingFile.parse("""
                metrics:
                - {name: es_status, path: '{.status}', valuetype: gauge, help: Status}
                - name: es_index
                  type: object
                  path: '{.indices.*}'
                  valuetype: counter
                  help: Index counters
                  values: {docs: '{.docs}', ops_total: '{.ops}'}
                - {name: es_status, path: '{.other}', valuetype: gauge, help: Later rules do not change a family}
                """, "m.yaml");
        assertEquals(Map.of("es_status", new FamilyMerge.Declared(GAUGE, "Status"),
                "es_index_docs_total", new FamilyMerge.Declared(COUNTER, "Index counters"),
                "es_index_ops_total", new FamilyMerge.Declared(COUNTER, "Index counters")), FamilyMerge.declared(mapping));
    }

    @Test
    void shouldNameBothSourcesOfEachFamilyThatCannotMerge() {
        JsonMapping a = MappingFile.parse("metrics: [{name: x, path: '{.a}', valuetype: gauge, help: X}, "
                + "{name: y, path: '{.a}', valuetype: gauge, help: Y}, {name: z, path: '{.a}', valuetype: gauge, help: Z}]", "a.yaml");
        JsonMapping b = MappingFile.parse("metrics: [{name: x, path: '{.b}', valuetype: gauge, help: X}, "
                + "{name: y, path: '{.b}', valuetype: untyped, help: Y}, {name: z, path: '{.b}', valuetype: gauge, help: Zed}]", "b.yaml");
        assertEquals(List.of(
                "family y from /a (gauge, help \"Y\") and from /b (untyped, help \"Y\") differ (expected the same type and help to merge them)",
                "family z from /a (gauge, help \"Z\") and from /b (gauge, help \"Zed\") differ (expected the same type and help to merge them)"),
                FamilyMerge.conflicts(List.of("/a", "/b"), List.of(a, b)));
        assertEquals(List.of(), FamilyMerge.conflicts(List.of("/a", "/b"), List.of(a, a)));
    }
}
