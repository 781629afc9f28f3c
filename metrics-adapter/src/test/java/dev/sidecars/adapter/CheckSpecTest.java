package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckSpecTest {

    @Test
    void shouldParseASimpleHttpCheckWithKubeletDefaults() {
        CheckSpec spec = CheckSpec.parse("http:/metrics");
        assertEquals(CheckSpec.Kind.HTTP, spec.kind());
        assertEquals("/metrics", spec.target());
        assertEquals("http:/metrics", spec.name());
        assertEquals(StatusRange.KUBELET, spec.status());
        assertNull(spec.timeout());
        assertEquals(Duration.ofMillis(800), spec.timeoutOr(Duration.ofMillis(800)));
    }

    @Test
    void shouldParseEveryHttpOption() {
        CheckSpec spec = CheckSpec.parse("http:/stats;status=200-299;body=\"ok\";json={.status};value=green|yellow;timeout=300ms;name=stats");
        assertEquals(new StatusRange(200, 299), spec.status());
        assertEquals("\"ok\"", spec.body().pattern());
        assertEquals("{.status}", spec.json().toString());
        assertEquals("green|yellow", spec.jsonValue().pattern());
        assertEquals(Duration.ofMillis(300), spec.timeout());
        assertEquals("stats", spec.name());
    }

    @Test
    void shouldSplitAListAtKindsSoThatRegexesMayHoldCommas() {
        List<CheckSpec> specs = CheckSpec.parseList("http:/a;body=a{1,3}, tcp:127.0.0.1:5432,file:/shared/app.log;modified=30s");
        assertEquals(3, specs.size());
        assertEquals("a{1,3}", specs.get(0).body().pattern());
        assertEquals("tcp:127.0.0.1:5432", specs.get(1).name());
        assertEquals(Duration.ofSeconds(30), specs.get(2).modifiedWithin());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("/metrics", "has no kind"),
                Arguments.of("ftp:/x", "not a check kind"),
                Arguments.of("http:", "has no target"),
                Arguments.of("http:metrics", "not an http:// or https:// URL"),
                Arguments.of("http:/x;status=600", "not a status range"),
                Arguments.of("http:/x;status=399-200", "ends before it starts"),
                Arguments.of("http:/x;body=(", "not a regular expression"),
                Arguments.of("http:/x;value=a", "needs json="),
                Arguments.of("http:/x;json=.status", "no {expression}"),
                Arguments.of("http:/x;timeout=fast", "expected a number with a unit"),
                Arguments.of("http:/x;timeout=0s", "more than 0"),
                Arguments.of("http:/x;modified=1s", "not known for http checks"),
                Arguments.of("http:/x;name=a;name=b", "given twice"),
                Arguments.of("tcp:localhost", "has no port"),
                Arguments.of("file:relative.log;modified=1s", "not an absolute path"),
                Arguments.of("file:/a.log", "exactly one of modified"),
                Arguments.of("file:/a.log;modified=1s;line=x", "exactly one of modified"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void shouldRejectInvalidChecksWithTheReason(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckSpec.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void shouldRejectTwoChecksWithTheSameName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CheckSpec.parseList("http:/a,http:/a"));
        assertTrue(e.getMessage().contains("used twice"), e.getMessage());
    }
}
