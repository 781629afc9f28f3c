package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPathTest {

    private static final Object DOC = JsonDocuments.parse("""
            {"status": "green", "counter": 1234, "ratio": 0.5, "ok": true, "nothing": null,
             "a": {"b": {"c": 7}}, "dotted.key": 3,
             "items": [{"name": "x", "state": "ACTIVE", "count": 1}, {"name": "y", "state": "INACTIVE", "count": 2},
                       {"name": "z", "state": "ACTIVE", "count": 3}],
             "indices": {"logs": {"docs": 10}, "metrics": {"docs": 20}}}
            """);

    static Stream<Arguments> selections() {
        return Stream.of(
                Arguments.of("{.status}", List.of("green")),
                Arguments.of("{$.status}", List.of("green")),
                Arguments.of("{status}", List.of("green")),
                Arguments.of("{.counter}", List.of("1234")),
                Arguments.of("{.ratio}", List.of("0.5")),
                Arguments.of("{.ok}", List.of("true")),
                Arguments.of("{.a.b.c}", List.of("7")),
                Arguments.of("{['dotted.key']}", List.of("3")),
                Arguments.of("{.items[*].name}", List.of("x", "y", "z")),
                Arguments.of("{.items[1].name}", List.of("y")),
                Arguments.of("{.items[-1].name}", List.of("z")),
                Arguments.of("{.items[7].name}", List.of()),
                Arguments.of("{.items[?(@.state == \"ACTIVE\")].name}", List.of("x", "z")),
                Arguments.of("{.items[?(@.state != 'ACTIVE')].name}", List.of("y")),
                Arguments.of("{.items[?(@.count > 1)].name}", List.of("y", "z")),
                Arguments.of("{.indices.*.docs}", List.of("10", "20")),
                Arguments.of("{.missing}", List.of()),
                Arguments.of("{.status.deeper}", List.of()),
                Arguments.of("{.a.*.c}", List.of("7")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selections")
    void shouldSelectLikeKubectl(String expression, List<String> expected) {
        List<String> found = JsonPath.parse(expression).select(new JsonPath.Node(DOC, null)).stream()
                .map(n -> JsonPath.text(n.value())).toList();
        assertEquals(expected, found);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mapKeys")
    void shouldRememberTheMapKeyOfEachNode(String expression, List<String> keys) {
        assertEquals(keys, JsonPath.parse(expression).select(new JsonPath.Node(DOC, null)).stream().map(JsonPath.Node::key).toList());
    }

    static Stream<Arguments> mapKeys() {
        return Stream.of(
                Arguments.of("{.indices.*}", List.of("logs", "metrics")),
                Arguments.of("{.items[*]}", List.of("0", "1", "2")));
    }

    static Stream<Arguments> templates() {
        return Stream.of(
                Arguments.of("planet-{.status}", "planet-green"),
                Arguments.of("{.status}/{.counter}", "green/1234"),
                Arguments.of("fixed {.missing}", null),
                Arguments.of("{.nothing}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void shouldRenderTemplates(String template, String expected) {
        assertEquals(expected, JsonPath.parse(template).render(new JsonPath.Node(DOC, null)));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("{.a", "not closed"),
                Arguments.of(".a}", "unbalanced"),
                Arguments.of("no braces", "no {expression}"),
                Arguments.of("{..a}", "recursive descent"),
                Arguments.of("{.a[x]}", "expected an index"),
                Arguments.of("{.a[?(@.b ~ 1)]}", "expected a comparison"),
                Arguments.of("{.a[?(@.b == bare)]}", "not a quoted string"),
                Arguments.of("{.a['x}", "not closed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void shouldRejectInvalidExpressionsWithTheProblem(String template, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonPath.parse(template));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
