package dev.sidecars.configinit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jq's {@code *} is the reference for the default merge (objects deep-merge, everything else,
 * arrays included, is replaced): for a corpus jq can express, our result equals Debian's jq's.
 * Null is left out: jq keeps it, our documented convention deletes the key.
 */
class JqMergeTest {

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("{\"Application\":{\"Environment\":\"DEV\",\"Name\":\"timecheck\"}}", "{\"Application\":{\"Environment\":\"TEST\"}}"),
                Arguments.of("{\"a\":{\"b\":{\"c\":{\"d\":1,\"e\":2}}},\"f\":3}", "{\"a\":{\"b\":{\"c\":{\"e\":20,\"g\":30}}},\"h\":4}"),
                Arguments.of("{\"list\":[1,2,3],\"o\":{\"l\":[{\"x\":1}]}}", "{\"list\":[4],\"o\":{\"l\":[{\"y\":2}]}}"),
                Arguments.of("{\"a\":{\"x\":1}}", "{\"a\":\"scalar\"}"),
                Arguments.of("{\"a\":\"scalar\"}", "{\"a\":{\"x\":1}}"),
                Arguments.of("{\"a\":true,\"b\":1.5,\"c\":\"s\"}", "{\"a\":false,\"b\":-2,\"c\":{\"k\":[true,1,\"two\"]}}"),
                Arguments.of("{\"unicode\":\"h\u00e9llo \u2603\",\"esc\":\"q\\\"\\\\n\"}", "{\"unicode\":\"\u65e5\u672c\",\"new\":\"tab\\tline\\n\"}"),
                Arguments.of("{}", "{\"only\":{\"in\":[\"overlay\"]}}"),
                Arguments.of("{\"big\":12345678901234,\"neg\":-7}", "{\"big\":98765432109876}"));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void shouldMergeLikeJqDeepMerge(String base, String overlay) throws Exception {
        Object ours = Merge.merge(MergeTest.json(base), MergeTest.json(overlay), ArrayMode.REPLACE);
        String jq = jq("-c", ".[0] * .[1]", "[" + base + "," + overlay + "]");
        assertEquals(MergeTest.json(jq), ours, "jq said " + jq);
        // And the written JSON parses to the same, in jq too.
        assertEquals(MergeTest.json(jq), MergeTest.json(jq("-c", ".", TreeCodec.write(ours, Format.JSON))));
    }

    static String jq(String flag, String filter, String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jq", flag, filter).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jq failed on " + input);
        }
        return out;
    }
}
