package dev.sidecars.common.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({
            "500ms, 500",
            "10s, 10000",
            "5m, 300000",
            "1m30s, 90000",
            "2h, 7200000",
            "1h1m1s1ms, 3661001",
            "0s, 0",
    })
    void shouldParseDuration(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), ValueTypes.DURATION.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"10", "abc", "-1s", "", "1.5s", "10 s", "s", "10sec", "1m 30s", "10S", "ms500"})
    void shouldRejectMalformedDuration(String text) {
        assertThrows(IllegalArgumentException.class, () -> ValueTypes.DURATION.parse(text));
    }

    @ParameterizedTest(name = "{0} round-trips")
    @ValueSource(strings = {"500ms", "10s", "5m", "1m30s", "2h", "1h1m1s1ms", "0s", "25s"})
    void shouldFormatDurationAsItParses(String text) {
        assertEquals(text, ValueTypes.DURATION.render(ValueTypes.DURATION.parse(text)));
    }

    @Test
    void shouldFormatDurationInLargestUnits() {
        assertEquals("1m30s", ValueTypes.formatDuration(Duration.ofSeconds(90)));
        assertEquals("1h", ValueTypes.formatDuration(Duration.ofMinutes(60)));
    }

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
            "64KiB, 65536",
            "1MiB, 1048576",
            "12B, 12",
            "2GiB, 2147483648",
            "0B, 0",
    })
    void shouldParseSize(String text, long bytes) {
        assertEquals(bytes, ValueTypes.SIZE.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"64kb", "1.5MiB", "64", "", "KiB", "-1KiB", "1 MiB", "1mib", "64KB"})
    void shouldRejectMalformedSize(String text) {
        assertThrows(IllegalArgumentException.class, () -> ValueTypes.SIZE.parse(text));
    }

    @ParameterizedTest(name = "{0} round-trips")
    @ValueSource(strings = {"64KiB", "1MiB", "12B", "1025B", "3GiB", "0B"})
    void shouldFormatSizeAsItParses(String text) {
        assertEquals(text, ValueTypes.SIZE.render(ValueTypes.SIZE.parse(text)));
    }

    @Test
    void shouldParseOnlyLowerCaseBooleans() {
        assertEquals(true, ValueTypes.BOOLEAN.parse("true"));
        assertEquals(false, ValueTypes.BOOLEAN.parse("false"));
    }

    @ParameterizedTest(name = "\"{0}\" is not a boolean")
    @ValueSource(strings = {"TRUE", "True", "yes", "1", "on", "", " true"})
    void shouldRejectLooseBooleans(String text) {
        assertThrows(IllegalArgumentException.class, () -> ValueTypes.BOOLEAN.parse(text));
    }

    @ParameterizedTest(name = "{0} in 1..10 is accepted")
    @ValueSource(strings = {"1", "5", "10"})
    void shouldAcceptIntInRange(String text) {
        assertEquals(Integer.parseInt(text), ValueTypes.intRange(1, 10).parse(text));
    }

    @ParameterizedTest(name = "\"{0}\" in 1..10 is rejected")
    @ValueSource(strings = {"0", "11", "-1", "abc", "1.0", "", "99999999999"})
    void shouldRejectIntOutsideRangeOrMalformed(String text) {
        assertThrows(IllegalArgumentException.class, () -> ValueTypes.intRange(1, 10).parse(text));
    }

    @Test
    void shouldNameRangeInExpectedText() {
        assertEquals("a whole number from 1 to 65535", ValueTypes.intRange(1, 65535).expected());
        assertEquals("a whole number", ValueTypes.INT.expected());
    }

    enum Mode {
        REPORT_ONLY,
        ENFORCE
    }

    @Test
    void shouldParseEnumWrittenLowerCaseWithDashes() {
        ValueType<Mode> type = ValueTypes.enumOf(Mode.class);
        assertEquals(Mode.REPORT_ONLY, type.parse("report-only"));
        assertEquals(Mode.ENFORCE, type.parse("enforce"));
        assertEquals("report-only", type.render(Mode.REPORT_ONLY));
        assertEquals("one of report-only, enforce", type.expected());
    }

    @ParameterizedTest(name = "\"{0}\" is not a Mode")
    @ValueSource(strings = {"REPORT_ONLY", "report_only", "Enforce", "", "other"})
    void shouldRejectEnumInOtherSpellings(String text) {
        assertThrows(IllegalArgumentException.class, () -> ValueTypes.enumOf(Mode.class).parse(text));
    }

    @Test
    void shouldParseListIgnoringBlanksAroundItems() {
        ValueType<List<Duration>> type = ValueTypes.listOf(ValueTypes.DURATION);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofMinutes(2)), type.parse("1s, 2m"));
        assertEquals("1s,2m", type.render(type.parse(" 1s ,2m ")));
        assertEquals(List.of("a"), ValueTypes.listOf(ValueTypes.STRING).parse("a"));
    }

    @ParameterizedTest(name = "\"{0}\" has an empty item")
    @ValueSource(strings = {"a,,b", "a,", ",a", "", " , "})
    void shouldRejectListWithEmptyItem(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValueTypes.listOf(ValueTypes.STRING).parse(text));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void shouldNameTheBadItemOfList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValueTypes.listOf(ValueTypes.DURATION).parse("1s,soon,2s"));
        assertTrue(e.getMessage().contains("\"soon\""), e.getMessage());
    }

    @Test
    void shouldParseAddressType() {
        assertEquals(new HostPort("127.0.0.1", 80), ValueTypes.ADDRESS.parse("127.0.0.1:80"));
    }
}
