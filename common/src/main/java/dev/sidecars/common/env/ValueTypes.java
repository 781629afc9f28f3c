package dev.sidecars.common.env;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The value types every image's settings are built from. */
public final class ValueTypes {

    private ValueTypes() {
    }

    public static final ValueType<String> STRING = ValueType.of("string", "any text", text -> text);

    public static final ValueType<Integer> INT = intRange(Integer.MIN_VALUE, Integer.MAX_VALUE);

    public static final ValueType<Boolean> BOOLEAN = ValueType.of("boolean", "true or false", text -> switch (text) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("is not a boolean");
    });

    public static final ValueType<Duration> DURATION = ValueType.of("duration",
            "a number with a unit ms, s, m or h, e.g. 500ms, 10s, 5m, 1m30s",
            ValueTypes::parseDuration, ValueTypes::formatDuration);

    public static final ValueType<Long> SIZE = ValueType.of("size",
            "a whole number with a unit B, KiB, MiB or GiB, e.g. 64KiB, 1MiB",
            ValueTypes::parseSize, ValueTypes::formatSize);

    public static final ValueType<HostPort> ADDRESS = ValueType.of("address", HostPort.FORMAT, HostPort::parse);

    public static final ValueType<Path> PATH = ValueType.of("path", "a file system path", text -> {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path: " + e.getReason());
        }
    });

    public static ValueType<Integer> intRange(int min, int max) {
        String expected = min == Integer.MIN_VALUE && max == Integer.MAX_VALUE
                ? "a whole number"
                : "a whole number from " + min + " to " + max;
        return ValueType.of("int", expected, text -> {
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("is out of range");
            }
            return value;
        });
    }

    /** An enum written in lower case with dashes, e.g. {@code REPORT_ONLY} is {@code report-only}. */
    public static <E extends Enum<E>> ValueType<E> enumOf(Class<E> type) {
        List<E> constants = Arrays.asList(type.getEnumConstants());
        String choices = constants.stream().map(ValueTypes::enumText).collect(Collectors.joining(", "));
        return ValueType.of(String.join(" \\| ", constants.stream().map(ValueTypes::enumText).toList()),
                "one of " + choices,
                text -> constants.stream()
                        .filter(c -> enumText(c).equals(text))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("is not a known value")),
                ValueTypes::enumText);
    }

    static String enumText(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A comma-separated list; blanks around items are ignored, empty items are errors. */
    public static <T> ValueType<List<T>> listOf(ValueType<T> element) {
        return ValueType.of("list of " + element.name(),
                "a comma-separated list, each item " + element.expected(),
                text -> parseList(element, text),
                value -> value.stream().map(element::render).collect(Collectors.joining(",")));
    }

    private static <T> List<T> parseList(ValueType<T> element, String text) {
        List<T> values = new ArrayList<>();
        String[] items = text.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("item " + (i + 1) + " is empty");
            }
            try {
                values.add(element.parse(item));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("item \"" + item + "\" " + e.getMessage());
            }
        }
        return List.copyOf(values);
    }

    private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    public static Duration parseDuration(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        Matcher m = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end != text.length()) {
            throw new IllegalArgumentException("is not a duration");
        }
        return total;
    }

    public static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        int ms = d.toMillisPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (ms > 0) {
            sb.append(ms).append("ms");
        }
        return sb.toString();
    }

    private static final Pattern SIZE_PATTERN = Pattern.compile("(\\d{1,12})(B|KiB|MiB|GiB)");

    public static long parseSize(String text) {
        Matcher m = SIZE_PATTERN.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size");
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "B" -> 0;
            case "KiB" -> 10;
            case "MiB" -> 20;
            default -> 30;
        };
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("is too large");
        }
        return n << shift;
    }

    public static String formatSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int unit = 0;
        long n = bytes;
        while (unit < units.length - 1 && n != 0 && n % 1024 == 0) {
            n /= 1024;
            unit++;
        }
        return n + units[unit];
    }
}
