package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.sidecars.common.testing.Promtool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromTextFilterTest {

    static final String APP = """
            # HELP http_requests_total Requests.
            # TYPE http_requests_total counter
            http_requests_total{code="200"} 10
            http_requests_total{code="500"} 1
            # HELP http_latency_seconds Latency.
            # TYPE http_latency_seconds histogram
            http_latency_seconds_bucket{le="0.1"} 5
            http_latency_seconds_bucket{le="+Inf"} 11
            http_latency_seconds_sum 0.9
            http_latency_seconds_count 11
            # a comment the app wrote
            # HELP jvm_threads Threads.
            # TYPE jvm_threads gauge
            jvm_threads 12

            # EOF
            """;

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(null, null, null, 3),
                Arguments.of("http_.*", null, null, 2),
                Arguments.of(null, "http_latency_seconds", null, 2),
                Arguments.of("http_.*", "http_requests_total", "app_", 1),
                Arguments.of("nothing", null, "app_", 0));
    }

    @ParameterizedTest(name = "allow={0} deny={1} prefix={2}")
    @MethodSource("filters")
    void shouldKeepWholeFamiliesAndPrefixEveryName(String allow, String deny, String prefix, int families) {
        PromTextFilter filter = new PromTextFilter(allow == null ? null : Pattern.compile(allow),
                deny == null ? null : Pattern.compile(deny), prefix);
        String out = filter.filter(APP);
        String p = prefix == null ? "" : prefix;
        long kept = Stream.of("http_requests_total", "http_latency_seconds", "jvm_threads").filter(filter::keeps).count();
        assertEquals(families, kept);
        if (filter.keeps("http_latency_seconds")) {
            assertEquals(true, out.contains("# TYPE " + p + "http_latency_seconds histogram\n" + p + "http_latency_seconds_bucket{le=\"0.1\"} 5\n"), out);
            assertEquals(true, out.contains(p + "http_latency_seconds_count 11\n"), out);
        } else {
            assertEquals(false, out.contains("http_latency_seconds"), out);
        }
        assertEquals(false, out.contains("# a comment"), out);
        assertEquals(false, out.contains("# EOF"), out);
        if (!out.isEmpty()) {
            Promtool.assertValid(out);
        }
    }
}
