package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.vertx.core.http.HttpClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure decisions behind checks, forwards and health: tables of inputs and verdicts. */
class DecisionTest {

    static Stream<Arguments> httpVerdicts() {
        return Stream.of(
                Arguments.of("http:/m", 200, "", true, "status 200"),
                Arguments.of("http:/m", 302, "", true, "status 302"),
                Arguments.of("http:/m", 500, "", false, "status 500 (expected 200-399)"),
                Arguments.of("http:/m", 404, "", false, "status 404 (expected 200-399)"),
                Arguments.of("http:/m;status=204", 200, "", false, "status 200 (expected 204)"),
                Arguments.of("http:/m;body=^up$", 200, "up", true, "status 200"),
                Arguments.of("http:/m;body=UP", 200, "down", false, "body mismatch: no match for /UP/"),
                Arguments.of("http:/m;json={.status};value=green|yellow", 200, "{\"status\":\"yellow\"}", true,
                        "status 200, {.status} is \"yellow\""),
                Arguments.of("http:/m;json={.status};value=green|yellow", 200, "{\"status\":\"red\"}", false,
                        "json {.status} is \"red\" (expected /green|yellow/)"),
                Arguments.of("http:/m;json={.status}", 200, "{\"other\":1}", false, "json {.status} not found"),
                Arguments.of("http:/m;json={.status}", 200, "<html>", false, "body is not JSON"),
                Arguments.of("http:/m;json={.up};value=true", 200, "{\"up\":true}", true, "status 200, {.up} is \"true\""));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("httpVerdicts")
    void shouldJudgeHttpAnswers(String spec, int status, String body, boolean ok, String reason) {
        Verdict v = HttpJudge.judge(CheckSpec.parse(spec), status, body);
        assertEquals(ok, v.ok(), v.reason());
        assertTrue(v.reason().startsWith(reason), v.reason());
    }

    static Stream<Arguments> ages() {
        return Stream.of(
                Arguments.of(Duration.ofSeconds(5), Duration.ofSeconds(30), true),
                Arguments.of(Duration.ofSeconds(30), Duration.ofSeconds(30), true),
                Arguments.of(Duration.ofSeconds(31), Duration.ofSeconds(30), false));
    }

    @ParameterizedTest(name = "{0} within {1}")
    @MethodSource("ages")
    void shouldJudgeFileAge(Duration age, Duration within, boolean ok) {
        Verdict v = FileJudge.judgeAge(age, within);
        assertEquals(ok, v.ok(), v.reason());
        if (!ok) {
            assertEquals("not modified for 31s (expected within 30s)", v.reason());
        }
    }

    @Test
    void shouldFindAMatchingLineAmongTheLastLines() {
        assertTrue(FileJudge.judgeLines(List.of("a", "timecheck: 12:00", "b"), Pattern.compile("timecheck")).ok());
        Verdict v = FileJudge.judgeLines(List.of("a", "b"), Pattern.compile("timecheck"));
        assertEquals(new Verdict(false, "no line matches /timecheck/"), v);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), "connection refused"),
                Arguments.of(new RuntimeException(new ConnectException("Connection refused: /127.0.0.1:1")), "connection refused"),
                Arguments.of(new TimeoutException("timeout after 800ms"), "timeout after 800ms"),
                Arguments.of(new io.netty.channel.ConnectTimeoutException("connection timed out"), "timeout connecting"),
                Arguments.of(new NoSuchFileException("/shared/app.log"), "no such file /shared/app.log"),
                Arguments.of(HttpClosedException.class.cast(new HttpClosedException("closed")), "connection closed by upstream"),
                Arguments.of(new IOException("Connection reset by peer"), "connection reset"),
                Arguments.of(new IllegalStateException(), "IllegalStateException"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void shouldNameTheFailureReason(Throwable t, String reason) {
        assertEquals(reason, FailureReasons.of(t));
    }

    static Stream<Arguments> forwards() {
        return Stream.of(
                Arguments.of("/health=/metrics", 200, 200),
                Arguments.of("/health=/metrics", 500, 500),
                Arguments.of("/health=/metrics", -1, 502),
                Arguments.of("/health=/metrics;ok=200;fail=503", 204, 200),
                Arguments.of("/health=/metrics;ok=200;fail=503", 399, 200),
                Arguments.of("/health=/metrics;ok=200;fail=503", 404, 503),
                Arguments.of("/health=/metrics;ok=200;fail=503", -1, 503));
    }

    @ParameterizedTest(name = "{0} upstream {1}")
    @MethodSource("forwards")
    void shouldMapForwardedStatus(String spec, int upstream, int expected) {
        assertEquals(expected, ForwardSpec.parse(spec).map(upstream));
    }

    static Stream<Arguments> invalidForwards() {
        return Stream.of(
                Arguments.of("/health", "has no '='"),
                Arguments.of("health=/metrics", "not a path"),
                Arguments.of("/health=/metrics;ok=200", "go together"),
                Arguments.of("/health=/metrics;ok=2000;fail=503", "not a status range"),
                Arguments.of("/health=/metrics;when=1", "not known"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidForwards")
    void shouldRejectInvalidForwards(String spec, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForwardSpec.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void shouldAnswer503WhenAnyCheckFailsAndListEveryCheck() {
        List<HealthReport.Named> results = List.of(
                new HealthReport.Named("app", Outcome.ok("status 200", 3)),
                new HealthReport.Named("db", Outcome.failed("connection refused", 1)));
        assertEquals(503, HealthReport.status(results));
        assertEquals("{\"status\":\"down\",\"checks\":[{\"name\":\"app\",\"status\":\"up\",\"reason\":\"status 200\",\"durationMs\":3},"
                + "{\"name\":\"db\",\"status\":\"down\",\"reason\":\"connection refused\",\"durationMs\":1}]}",
                dev.sidecars.common.log.Json.write(HealthReport.body(results)));
        assertEquals(200, HealthReport.status(results.subList(0, 1)));
    }

    @Test
    void shouldResolveUpstreamPathsAgainstTheBase() {
        UpstreamUrl base = UpstreamUrl.parse("http://127.0.0.1:8080/app");
        assertEquals("http://127.0.0.1:8080/app/metrics", base.resolve("/metrics").toString());
        assertEquals("https://example:443/x", base.resolve("https://example/x").toString());
        assertThrows(IllegalArgumentException.class, () -> UpstreamUrl.parse("http://user:pw@host/"));
    }
}
