package dev.sidecars.tailer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.sidecars.common.env.Image;
import dev.sidecars.common.env.RuntimeSettings;
import dev.sidecars.common.env.Setting;
import dev.sidecars.common.env.ValueType;
import dev.sidecars.common.env.ValueTypes;
import dev.sidecars.common.follow.FollowOptions;
import dev.sidecars.common.follow.PathPattern;

/** The log-tailer image's settings: every variable is declared here, once. */
record TailerConfig(RuntimeSettings.Values runtime, List<String> paths, Optional<Path> stateDir, StartFrom from,
                    OutputMode output, long maxLineBytes, LongLinePolicy longLines, Optional<Pattern> multilineStart,
                    Duration multilineTimeout, int multilineMaxLines, Utf8Policy invalidUtf8, Duration pollInterval,
                    Duration rotateWait, Duration stateInterval) {

    /** Where a file seen for the first time (with no saved offset) is read from. */
    enum StartFrom { HEAD, TAIL }

    /** How records are written to stdout. */
    enum OutputMode { RAW, PREFIXED, JSON }

    /** What happens to a line longer than the maximum. */
    enum LongLinePolicy { TRUNCATE, SKIP }

    /** What happens to bytes that are not UTF-8. */
    enum Utf8Policy { PASS, REPLACE }

    static final ValueType<Pattern> REGEX = ValueType.of("regex", "a Java regular expression, e.g. ^\\S", text -> {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    });

    private static final RuntimeSettings RUNTIME = RuntimeSettings.longRunning("TAILER_", "0.0.0.0:9903");

    private static final Setting<List<String>> PATHS = Setting.optional("TAILER_PATHS",
            ValueTypes.listOf(ValueType.of("path or glob", "an absolute path or glob, e.g. /logs/*.log",
                    TailerConfig::checkPattern)),
            "/logs/*.log",
            "Files to follow: absolute paths or globs (`*`, `?`, `[..]`, `{a,b}` in the file name); files that appear later are picked up, missing ones are waited for.");
    private static final Setting<Path> STATE_DIR = Setting.optional("TAILER_STATE_DIR", ValueTypes.PATH, null,
            "Writable directory where read offsets are saved, so that a restart neither repeats nor skips lines; unset: offsets are not saved.");
    private static final Setting<StartFrom> FROM = Setting.optional("TAILER_FROM", ValueTypes.enumOf(StartFrom.class),
            "head", "Where a file without a saved offset that exists at start-up is read from; files that appear later are always read from the head.");
    private static final Setting<OutputMode> OUTPUT = Setting.optional("TAILER_OUTPUT", ValueTypes.enumOf(OutputMode.class),
            "raw", "stdout format: `raw` lines byte for byte, `prefixed` with `[path] `, or `json` objects with file, line and time.");
    /** A size the line buffers can hold: at least 1KiB, at most 64MiB. */
    static final ValueType<Long> LINE_SIZE = new ValueType<>() {
        @Override
        public String name() {
            return "size";
        }

        @Override
        public String expected() {
            return "a size from 1KiB to 64MiB, e.g. 64KiB, 1MiB";
        }

        @Override
        public Long parse(String text) {
            long n = ValueTypes.parseSize(text);
            if (n < 1024 || n > 64L << 20) {
                throw new IllegalArgumentException("is out of range");
            }
            return n;
        }

        @Override
        public String render(Long value) {
            return ValueTypes.formatSize(value);
        }
    };

    private static final Setting<Long> MAX_LINE = Setting.optional("TAILER_MAX_LINE", LINE_SIZE, "1MiB",
            "Longest line (or multiline record) written; longer ones follow `TAILER_LONG_LINES`.");
    private static final Setting<LongLinePolicy> LONG_LINES = Setting.optional("TAILER_LONG_LINES",
            ValueTypes.enumOf(LongLinePolicy.class), "truncate",
            "A line over `TAILER_MAX_LINE` is cut to that length (`truncate`) or dropped (`skip`); both are counted.");
    private static final Setting<Pattern> MULTILINE_START = Setting.optional("TAILER_MULTILINE_START", REGEX, null,
            "A line matching this regex starts a new record; other lines join the record before them (e.g. stack traces with `^\\S`). Unset: one line, one record.");
    private static final Setting<Duration> MULTILINE_TIMEOUT = Setting.optional("TAILER_MULTILINE_TIMEOUT",
            ValueTypes.DURATION, "1s", "A multiline record is written when no line has joined it for this long.");
    private static final Setting<Integer> MULTILINE_MAX_LINES = Setting.optional("TAILER_MULTILINE_MAX_LINES",
            ValueTypes.intRange(1, 100_000), "500", "A multiline record is written when it has this many lines.");
    private static final Setting<Utf8Policy> INVALID_UTF8 = Setting.optional("TAILER_INVALID_UTF8",
            ValueTypes.enumOf(Utf8Policy.class), "pass",
            "Bytes that are not UTF-8 are written as they are (`pass`) or as U+FFFD (`replace`); `json` output always replaces.");
    private static final Setting<Duration> POLL_INTERVAL = Setting.optional("TAILER_POLL_INTERVAL", ValueTypes.DURATION,
            "250ms", "How often files are checked when no inotify event arrives (the fallback for volumes without inotify).");
    private static final Setting<Duration> ROTATE_WAIT = Setting.optional("TAILER_ROTATE_WAIT", ValueTypes.DURATION,
            "5s", "After a file is renamed or deleted, how long its open descriptor is still read for late writes.");
    private static final Setting<Duration> STATE_INTERVAL = Setting.optional("TAILER_STATE_INTERVAL",
            ValueTypes.DURATION, "2s", "How often offsets are saved to `TAILER_STATE_DIR` (also at shutdown).");

    static final Image<TailerConfig> IMAGE = new Image<>("log-tailer", "TAILER_", RUNTIME,
            List.of(PATHS, STATE_DIR, FROM, OUTPUT, MAX_LINE, LONG_LINES, MULTILINE_START, MULTILINE_TIMEOUT,
                    MULTILINE_MAX_LINES, INVALID_UTF8, POLL_INTERVAL, ROTATE_WAIT, STATE_INTERVAL),
            env -> new TailerConfig(RUNTIME.read(env), env.get(PATHS), env.optional(STATE_DIR), env.get(FROM),
                    env.get(OUTPUT), env.get(MAX_LINE), env.get(LONG_LINES), env.optional(MULTILINE_START),
                    env.get(MULTILINE_TIMEOUT), env.get(MULTILINE_MAX_LINES), env.get(INVALID_UTF8),
                    env.get(POLL_INTERVAL), env.get(ROTATE_WAIT), env.get(STATE_INTERVAL)));

    /** What the shared follower needs of these settings. */
    FollowOptions follow() {
        return new FollowOptions(paths, from == StartFrom.TAIL ? FollowOptions.StartFrom.TAIL : FollowOptions.StartFrom.HEAD,
                pollInterval, rotateWait, stateInterval, (int) maxLineBytes, longLines == LongLinePolicy.TRUNCATE);
    }

    static TailerConfig fromEnv(Map<String, String> env) {
        return IMAGE.load(env);
    }

    private static String checkPattern(String text) {
        PathPattern.parse(text); // throws IllegalArgumentException with the reason
        return text;
    }
}
