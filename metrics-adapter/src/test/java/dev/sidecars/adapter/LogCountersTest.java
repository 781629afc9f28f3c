package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.sidecars.common.testing.Promtool;
import org.junit.jupiter.api.Test;

/** Counting lines into series: labels from named groups, the label bound, the last-match timestamp. */
class LogCountersTest {

    private static String text(LogCounters counters) {
        return Exposition.write(counters.families(), false);
    }

    @Test
    void shouldCountMatchingLinesAndStampTheLastMatch() {
        LogCounters counters = new LogCounters(LogCounterSpec.parseList("timecheck_total=Environment: .* time check"));
        assertEquals("""
                # HELP timecheck_total Lines matching /Environment: .* time check/
                # TYPE timecheck_total counter
                timecheck_total 0
                # HELP timecheck_last_match_timestamp_seconds Unix time at which a line last matched timecheck_total (when the adapter read it)
                # TYPE timecheck_last_match_timestamp_seconds gauge
                """, text(counters), "before any match: the counter at 0 and no timestamp (absent, not 1970)");
        counters.accept("2026-11-22T01:00:00Z Environment: prod time check", 1_700_000_000_000L);
        counters.accept("2026-11-22T01:00:01Z starting", 1_700_000_001_000L);
        counters.accept("2026-11-22T01:00:05Z Environment: prod time check", 1_700_000_005_500L);
        String text = text(counters);
        assertTrue(text.contains("\ntimecheck_total 2\n"), text);
        assertTrue(text.contains("\ntimecheck_last_match_timestamp_seconds 1.7000000055E9\n"), text);
        Promtool.assertValid(text);
    }

    @Test
    void shouldLabelByNamedGroupsUpToTheBoundAndCountTheOverflow() {
        LogCounters counters = new LogCounters(List.of(
                LogCounterSpec.of("app_lines_total", "level=(?<level>\\w+)(?: code=(?<code>\\d+))?", "Lines by level", 2)));
        counters.accept("level=INFO hello", 1000);
        counters.accept("level=ERROR code=7 \"quoted\\\"", 2000);
        counters.accept("level=INFO again", 3000);
        counters.accept("level=DEBUG over the bound", 4000);
        counters.accept("no level here", 5000);
        String text = text(counters);
        assertTrue(text.contains("\napp_lines_total{level=\"INFO\",code=\"\"} 2\n"), text);
        assertTrue(text.contains("\napp_lines_total{level=\"ERROR\",code=\"7\"} 1\n"), text);
        assertTrue(!text.contains("DEBUG"), text);
        assertTrue(text.contains("\nadapter_log_label_overflow_total{counter=\"app_lines_total\"} 1\n"), text);
        assertTrue(text.contains("\napp_lines_last_match_timestamp_seconds 4\n"), "an overflowing line still matched: " + text);
        Promtool.assertValid(text);
    }

    @Test
    void shouldCountOneLineInEveryCounterItMatches() {
        LogCounters counters = new LogCounters(LogCounterSpec.parseList("all_total=.,checks_total=time check"));
        counters.accept("time check", 1000);
        counters.accept("other", 1000);
        String text = text(counters);
        assertTrue(text.contains("\nall_total 2\n") && text.contains("\nchecks_total 1\n"), text);
    }
}
