package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The log source's pure parts: the follower's decisions, line cutting and counter specs, as tables. */
class LogDecisionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            same file                       | ino=1 | ino=1 | UNCHANGED
            renamed, no new file yet        | ino=1 | null  | GONE
            renamed, new file at the path   | ino=1 | ino=2 | REPLACED
            """)
    void shouldDecideWhatBecameOfTheFollowedPath(String why, String trackedId, String nowId, FollowDecisions.Change expected) {
        assertEquals(expected, FollowDecisions.change(trackedId, nowId), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            appended                        | 100 | 150 | true  | false
            nothing new                     | 100 | 100 | true  | false
            copytruncate                    | 100 | 0   | true  | true
            truncated, shorter              | 100 | 40  | true  | true
            truncated, rewritten past us    | 100 | 300 | false | true
            """)
    void shouldTellATruncatedFile(String why, long offset, long size, boolean headSame, boolean expected) {
        assertEquals(expected, FollowDecisions.truncated(offset, size, headSame), why);
    }

    @ParameterizedTest(name = "first look {0}, from start {1}")
    @CsvSource({
            "true,  false, 500, 500",
            "true,  true,  500, 0",
            "false, false, 500, 0",
            "false, true,  500, 0"})
    void shouldCountOnlyNewLinesOfAFileThatExistedAtStartUnlessAskedFromTheStart(boolean firstLook, boolean fromStart,
                                                                                   long size, long expected) {
        assertEquals(expected, FollowDecisions.startOffset(firstLook, fromStart, size));
    }

    static Stream<Arguments> chunks() {
        return Stream.of(
                Arguments.of(List.of("a\nb\n"), List.of("a", "b"), ""),
                Arguments.of(List.of("a", "b\nc"), List.of("ab"), "c"),
                Arguments.of(List.of("crlf\r\n"), List.of("crlf"), ""),
                Arguments.of(List.of("\n\n"), List.of("", ""), ""),
                Arguments.of(List.of("0123456789\nx\n"), List.of("01234567", "x"), ""),
                Arguments.of(List.of("0123", "456789", "AB\n"), List.of("01234567"), ""),
                Arguments.of(List.of("caf\u00e9\n"), List.of("caf\u00e9"), ""));
    }

    @ParameterizedTest
    @MethodSource("chunks")
    void shouldCutChunksIntoLinesKeepingTheUnfinishedOneAndBoundingLongOnes(List<String> chunks, List<String> lines,
                                                                             String flushed) {
        LineAssembler assembler = new LineAssembler(8);
        List<String> out = new ArrayList<>();
        for (String chunk : chunks) {
            byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
            assembler.feed(bytes, 0, bytes.length, out::add);
        }
        assertEquals(lines, out);
        List<String> rest = new ArrayList<>();
        assembler.flush(rest::add);
        assertEquals(flushed.isEmpty() ? List.of() : List.of(flushed), rest);
    }

    @Test
    void shouldDropTheRestOfALineWhenStartingInItsMiddle() {
        LineAssembler assembler = new LineAssembler(64);
        assembler.skipToNextLine();
        List<String> out = new ArrayList<>();
        byte[] bytes = "of an old line\nnew\n".getBytes(StandardCharsets.UTF_8);
        assembler.feed(bytes, 0, bytes.length, out::add);
        assertEquals(List.of("new"), out);
    }

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
