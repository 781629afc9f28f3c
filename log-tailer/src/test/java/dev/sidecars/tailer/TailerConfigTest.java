package dev.sidecars.tailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.follow.FollowOptions;
import dev.sidecars.common.testing.DocTables;
import org.junit.jupiter.api.Test;

class TailerConfigTest {

    @Test
    void shouldDocumentEveryVariableInTheImageDoc() {
        DocTables.assertDocMatches(TailerConfig.IMAGE);
    }

    @Test
    void shouldReportEveryInvalidVariableAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> TailerConfig.fromEnv(Map.of(
                "TAILER_LOG_FORMAT", "xml",
                "TAILER_LOG_LEVEL", "loud")));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void shouldReportBadPathsRegexAndSizesWithTheExpectedFormat() {
        ConfigException e = assertThrows(ConfigException.class, () -> TailerConfig.fromEnv(Map.of(
                "TAILER_PATHS", "/logs/*.log,relative.log",
                "TAILER_MULTILINE_START", "^(unclosed",
                "TAILER_MAX_LINE", "10 MB",
                "TAILER_OUTPUT", "xml")));
        assertEquals(4, e.problems().size(), e.getMessage());
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("relative.log\" is not an absolute path"), all);
        assertTrue(all.contains("TAILER_MULTILINE_START") && all.contains("not a valid regular expression"), all);
        assertTrue(all.contains("64KiB, 1MiB"), all);
    }

    @Test
    void shouldFollowLogsInTheSharedVolumeByDefault() {
        TailerConfig c = TailerConfig.fromEnv(Map.of());
        assertEquals(java.util.List.of("/logs/*.log"), c.paths());
        assertEquals(TailerConfig.OutputMode.RAW, c.output());
        assertEquals(1 << 20, c.maxLineBytes());
        assertTrue(c.stateDir().isEmpty());
    }

    @Test
    void shouldHandTheFollowerItsOptions() {
        assertEquals(new FollowOptions(List.of("/logs/*.log"), FollowOptions.StartFrom.HEAD, Duration.ofMillis(250),
                Duration.ofSeconds(5), Duration.ofSeconds(2), 1 << 20, true), TailerConfig.fromEnv(Map.of()).follow());
        assertEquals(new FollowOptions(List.of("/logs/a.log", "/logs/*.txt"), FollowOptions.StartFrom.TAIL,
                Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMillis(100), 1024, false),
                TailerConfig.fromEnv(Map.of("TAILER_PATHS", "/logs/a.log,/logs/*.txt", "TAILER_FROM", "tail",
                        "TAILER_POLL_INTERVAL", "50ms", "TAILER_ROTATE_WAIT", "1s", "TAILER_STATE_INTERVAL", "100ms",
                        "TAILER_MAX_LINE", "1KiB", "TAILER_LONG_LINES", "skip")).follow());
    }
}
