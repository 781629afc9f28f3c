package dev.sidecars.adapter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.sidecars.common.env.ValueType;

/**
 * One counter of an app's log lines: lines in which {@code match} is found add 1 to {@code name},
 * with one label per named capture group ({@code (?<level>ERROR|WARN)} gives {@code level="ERROR"}).
 * At most {@code maxLabelValues} label sets are kept: a regex that captures ids must not grow the
 * exposition without bound.
 */
record LogCounterSpec(String name, Pattern match, String help, List<String> labels, int maxLabelValues) {

    static final int DEFAULT_MAX_LABEL_VALUES = 100;
    static final String NAME_FORMAT = "letters, digits, _ and :, ending in _total, e.g. timecheck_total";
    static final String FORMAT = "NAME=REGEX[,NAME=REGEX...] with NAME " + NAME_FORMAT
            + ", e.g. timecheck_total=Environment: .* time check; named groups (?<level>...) become labels";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*_total");
    /** Items are separated by commas that start a new {@code name_total=}, so a regex may contain commas. */
    private static final Pattern ITEM_SPLIT = Pattern.compile(",(?=\\s*[a-zA-Z_:][a-zA-Z0-9_:]*_total=)");

    static final ValueType<List<LogCounterSpec>> LIST = ValueType.<List<LogCounterSpec>>of("list of counters", FORMAT,
            LogCounterSpec::parseList, specs -> String.join(",", specs.stream().map(s -> s.name() + "=" + s.match().pattern()).toList()));

    /** The gauge holding when a line last matched: {@code timecheck_total} gives {@code timecheck_last_match_timestamp_seconds}. */
    String timestampName() {
        return name.substring(0, name.length() - "_total".length()) + "_last_match_timestamp_seconds";
    }

    /** A counter from its parts; what both the env syntax and the config file come down to. */
    static LogCounterSpec of(String name, String regex, String help, Integer maxLabelValues) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name \"" + name + "\" is not a counter name (expected " + NAME_FORMAT + ")");
        }
        if (name.startsWith("adapter_log_")) {
            throw new IllegalArgumentException("name \"" + name + "\" uses the adapter's own prefix adapter_log_ (expected another name)");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("match \"" + regex + "\" is not a regular expression: " + e.getDescription());
        }
        if (maxLabelValues != null && maxLabelValues < 1) {
            throw new IllegalArgumentException("maxLabelValues " + maxLabelValues + " is out of range (expected at least 1, e.g. 20)");
        }
        // named groups in the order they appear, so labels read like the regex
        List<String> labels = pattern.namedGroups().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey).toList();
        String text = help == null || help.isBlank() ? "Lines matching /" + regex + "/" : help;
        return new LogCounterSpec(name, pattern, text, labels,
                maxLabelValues == null ? DEFAULT_MAX_LABEL_VALUES : maxLabelValues);
    }

    static List<LogCounterSpec> parseList(String text) {
        List<LogCounterSpec> specs = new ArrayList<>();
        for (String item : ITEM_SPLIT.split(text.strip())) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("\"" + item.strip() + "\" has no NAME= (expected e.g. timecheck_total=REGEX)");
            }
            specs.add(of(item.substring(0, eq).strip(), item.substring(eq + 1), null, null));
        }
        List<String> problems = duplicateNames(specs);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.getFirst());
        }
        return List.copyOf(specs);
    }

    /** Two counters, or a counter and another's timestamp gauge, must not share a name. */
    static List<String> duplicateNames(List<LogCounterSpec> specs) {
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (LogCounterSpec spec : specs) {
            for (String n : List.of(spec.name(), spec.timestampName())) {
                if (!seen.add(n)) {
                    problems.add("metric name \"" + n + "\" is used twice (expected distinct counter names)");
                }
            }
        }
        return problems;
    }
}
