package dev.sidecars.configinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergeTest {

    static Object json(String text) {
        return TreeCodec.read(text, Format.JSON, "test");
    }

    static Stream<Arguments> merges() {
        return Stream.of(
                Arguments.of("objects deep-merge", ArrayMode.REPLACE, "{\"a\":{\"x\":1,\"y\":2}}", "{\"a\":{\"y\":3,\"z\":4}}", "{\"a\":{\"x\":1,\"y\":3,\"z\":4}}"),
                Arguments.of("scalar replaces object", ArrayMode.REPLACE, "{\"a\":{\"x\":1}}", "{\"a\":5}", "{\"a\":5}"),
                Arguments.of("object replaces scalar", ArrayMode.REPLACE, "{\"a\":5}", "{\"a\":{\"x\":1}}", "{\"a\":{\"x\":1}}"),
                Arguments.of("arrays replaced by default", ArrayMode.REPLACE, "{\"a\":[1,2,3]}", "{\"a\":[9]}", "{\"a\":[9]}"),
                Arguments.of("arrays appended", ArrayMode.APPEND, "{\"a\":[1,2]}", "{\"a\":[3]}", "{\"a\":[1,2,3]}"),
                Arguments.of("arrays merged by index", ArrayMode.MERGE_BY_INDEX, "{\"a\":[{\"h\":1,\"p\":1},{\"h\":2}]}", "{\"a\":[{\"p\":9}]}", "{\"a\":[{\"h\":1,\"p\":9},{\"h\":2}]}"),
                Arguments.of("merge by index grows", ArrayMode.MERGE_BY_INDEX, "{\"a\":[1]}", "{\"a\":[7,8]}", "{\"a\":[7,8]}"),
                Arguments.of("null deletes a key", ArrayMode.REPLACE, "{\"a\":1,\"b\":{\"c\":2,\"d\":3}}", "{\"b\":{\"c\":null}}", "{\"a\":1,\"b\":{\"d\":3}}"),
                Arguments.of("null deletes a whole object", ArrayMode.REPLACE, "{\"a\":1,\"b\":{\"c\":2}}", "{\"b\":null}", "{\"a\":1}"),
                Arguments.of("null for a missing key adds nothing", ArrayMode.REPLACE, "{\"a\":1}", "{\"n\":null,\"o\":{\"p\":null,\"q\":1}}", "{\"a\":1,\"o\":{\"q\":1}}"),
                Arguments.of("key order: base first, new keys after", ArrayMode.REPLACE, "{\"b\":1,\"a\":2}", "{\"c\":3,\"b\":4}", "{\"b\":4,\"a\":2,\"c\":3}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void shouldMergeLayers(String name, ArrayMode arrays, String base, String overlay, String expected) {
        Object merged = Merge.merge(json(base), json(overlay), arrays);
        assertEquals(json(expected), merged);
        assertEquals(List.copyOf(((java.util.Map<?, ?>) json(expected)).keySet()), List.copyOf(((java.util.Map<?, ?>) merged).keySet()));
    }

    @Test
    void shouldNotModifyTheInputs() {
        Object base = json("{\"a\":{\"x\":1},\"l\":[1]}");
        Merge.merge(base, json("{\"a\":{\"x\":2},\"l\":[2]}"), ArrayMode.APPEND);
        assertEquals(json("{\"a\":{\"x\":1},\"l\":[1]}"), base);
    }

    static Stream<Arguments> sets() {
        return Stream.of(
                Arguments.of("{}", List.of("a", "b"), "v", false, "{\"a\":{\"b\":\"v\"}}"),
                Arguments.of("{\"a\":[1,2]}", List.of("a", "1"), 9L, false, "{\"a\":[1,9]}"),
                Arguments.of("{\"a\":[1,2]}", List.of("a", "2"), 3L, false, "{\"a\":[1,2,3]}"),
                Arguments.of("{}", List.of("s", "0", "host"), "h", false, "{\"s\":[{\"host\":\"h\"}]}"),
                Arguments.of("{\"a\":{\"0\":\"x\"}}", List.of("a", "0"), "y", false, "{\"a\":{\"0\":\"y\"}}"),
                Arguments.of("{\"a\":1,\"b\":2}", List.of("a"), null, true, "{\"b\":2}"),
                Arguments.of("{\"a\":[1,2]}", List.of("a", "0"), null, true, "{\"a\":[2]}"),
                Arguments.of("{\"a\":1}", List.of("x", "y"), null, true, "{\"a\":1}"));
    }

    @ParameterizedTest(name = "set {1} in {0}")
    @MethodSource("sets")
    void shouldSetAKeyPath(String tree, List<String> path, Object value, boolean delete, String expected) {
        assertEquals(json(expected), Merge.set(json(tree), path, value, delete));
    }

    @Test
    void shouldRejectAnIndexBeyondTheEndOfAnArray() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Merge.set(json("{\"a\":[1]}"), List.of("a", "5"), "x", false));
        assertEquals("index 5 is beyond the end of an array of 1", e.getMessage());
    }

    @Test
    void shouldRejectAKeyInsideAScalar() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Merge.set(json("{\"a\":\"text\"}"), List.of("a", "b"), "x", false));
        assertEquals("cannot set a key inside a string", e.getMessage());
    }
}
