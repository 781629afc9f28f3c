package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Counter specs from their text, as tables (the follower's decisions are tested in common's FileDecisionsTest). */
class LogCounterSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            timecheck_total=Environment: .* time check                 => timecheck_total               => timecheck_last_match_timestamp_seconds
            errors_total=level=(?<level>ERROR|WARN) (?<code>E\\d+)      => errors_total[level, code]     => errors_last_match_timestamp_seconds
            a_total=x{1,2},b_total=y                                   => a_total,b_total               => a_last_match_timestamp_seconds
            """)
    void shouldParseCountersWhoseRegexesHoldCommasAndNamedGroups(String text, String names, String firstTimestamp) {
        List<LogCounterSpec> specs = LogCounterSpec.parseList(text);
        assertEquals(names, String.join(",", specs.stream()
                .map(s -> s.name() + (s.labels().isEmpty() ? "" : s.labels().toString())).toList()));
        assertEquals(firstTimestamp, specs.getFirst().timestampName());
        assertEquals(LogCounterSpec.DEFAULT_MAX_LABEL_VALUES, specs.getFirst().maxLabelValues());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            timecheck=time check            => name "timecheck" is not a counter name (expected letters, digits, _ and :, ending in _total, e.g. timecheck_total)
            1x_total=a                      => name "1x_total" is not a counter name (expected letters, digits, _ and :, ending in _total, e.g. timecheck_total)
            time check                      => "time check" has no NAME= (expected e.g. timecheck_total=REGEX)
            a_total=(unclosed               => match "(unclosed" is not a regular expression: Unclosed group
            adapter_log_lines_total=x       => name "adapter_log_lines_total" uses the adapter's own prefix adapter_log_ (expected another name)
            a_total=x,a_total=y             => metric name "a_total" is used twice (expected distinct counter names)
            """)
    void shouldRejectBadCountersSayingWhatIsExpected(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> LogCounterSpec.parseList(text)).getMessage());
    }
}
