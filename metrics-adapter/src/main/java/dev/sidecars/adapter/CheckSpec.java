package dev.sidecars.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.env.ValueType;
import dev.sidecars.common.env.ValueTypes;

/**
 * One health check as written in {@code ADAPTER_HEALTH_CHECK}: {@code kind:target} followed by
 * {@code ;option=value} pairs, e.g. {@code http:/metrics;status=200-299;body=ok},
 * {@code tcp:127.0.0.1:5432}, {@code file:/shared/app.log;modified=30s}.
 *
 * @param timeout null means the adapter's default check timeout
 */
record CheckSpec(String name, Kind kind, String target, StatusRange status, Pattern body, JsonPath json,
                 Pattern jsonValue, Duration modifiedWithin, Pattern line, Duration timeout) {

    enum Kind { HTTP, TCP, FILE }

    static final String FORMAT = "kind:target[;option=value...] with kind http (target /path or http://host:port/path; "
            + "options status=200-399, body=REGEX, json={.jsonpath}, value=REGEX), tcp (target host:port) or "
            + "file (target /path; options modified=30s or line=REGEX); every kind takes timeout=DURATION and name=NAME";

    /** Items are separated by commas that start a new {@code kind:}, so a regex may contain commas. */
    private static final Pattern ITEM_SPLIT = Pattern.compile(",\\s*(?=(?:http|tcp|file):)");
    private static final Pattern OPTION_SPLIT = Pattern.compile(";(?=\\s*[a-z]+=)");

    private static final Map<Kind, Set<String>> OPTIONS = Map.of(
            Kind.HTTP, Set.of("status", "body", "json", "value", "timeout", "name"),
            Kind.TCP, Set.of("timeout", "name"),
            Kind.FILE, Set.of("modified", "line", "timeout", "name"));

    static final ValueType<List<CheckSpec>> LIST = ValueType.<List<CheckSpec>>of("list of checks", FORMAT, CheckSpec::parseList,
            specs -> String.join(",", specs.stream().map(CheckSpec::name).toList()));

    static List<CheckSpec> parseList(String text) {
        List<CheckSpec> specs = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (String item : ITEM_SPLIT.split(text.strip())) {
            CheckSpec spec = parse(item.strip());
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("check name \"" + spec.name() + "\" is used twice (set name=...)");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    static CheckSpec parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("\"" + text + "\" has no kind (expected http:, tcp: or file:)");
        }
        Kind kind = kind(text.substring(0, colon));
        String[] pieces = OPTION_SPLIT.split(text.substring(colon + 1), -1);
        String target = pieces[0].strip();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < pieces.length; i++) {
            String option = pieces[i].strip();
            int eq = option.indexOf('=');
            String key = option.substring(0, eq);
            if (options.put(key, option.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("option \"" + key + "\" is given twice");
            }
        }
        return of(kind, target, options);
    }

    /** A check from its parts: what both the env syntax and the config file come down to. */
    static CheckSpec of(Kind kind, String target, Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.get(kind).contains(key)) {
                throw new IllegalArgumentException("option \"" + key + "\" is not known for " + kind.name().toLowerCase()
                        + " checks (expected " + String.join(", ", OPTIONS.get(kind).stream().sorted().toList()) + ")");
            }
        }
        validateTarget(kind, target);
        String name = options.getOrDefault("name", kind.name().toLowerCase() + ":" + target);
        Duration timeout = options.containsKey("timeout") ? positive("timeout", options.get("timeout")) : null;
        StatusRange status = options.containsKey("status") ? StatusRange.parse(options.get("status")) : StatusRange.KUBELET;
        Pattern body = regex("body", options.get("body"));
        JsonPath json = options.containsKey("json") ? jsonPath(options.get("json")) : null;
        Pattern value = regex("value", options.get("value"));
        if (value != null && json == null) {
            throw new IllegalArgumentException("option value=REGEX needs json={.path}, the value it is matched against");
        }
        Duration modified = options.containsKey("modified") ? positive("modified", options.get("modified")) : null;
        Pattern line = regex("line", options.get("line"));
        if (kind == Kind.FILE && (modified == null) == (line == null)) {
            throw new IllegalArgumentException("a file check needs exactly one of modified=DURATION or line=REGEX");
        }
        return new CheckSpec(name, kind, target, status, body, json, value, modified, line, timeout);
    }

    static Kind kind(String text) {
        return switch (text) {
            case "http" -> Kind.HTTP;
            case "tcp" -> Kind.TCP;
            case "file" -> Kind.FILE;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not a check kind (expected http, tcp or file)");
        };
    }

    static Set<String> options(Kind kind) {
        return OPTIONS.get(kind);
    }

    private static void validateTarget(Kind kind, String target) {
        if (target.isEmpty()) {
            throw new IllegalArgumentException(kind.name().toLowerCase() + " check has no target");
        }
        switch (kind) {
            case HTTP -> {
                if (!target.startsWith("/")) {
                    UpstreamUrl.parse(target);
                }
            }
            case TCP -> HostPort.parse(target);
            case FILE -> {
                if (!target.startsWith("/")) {
                    throw new IllegalArgumentException("file check target \"" + target + "\" is not an absolute path");
                }
            }
        }
    }

    private static Duration positive(String key, String text) {
        Duration d;
        try {
            d = ValueTypes.parseDuration(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "=\"" + text + "\" " + e.getMessage() + " (expected "
                    + ValueTypes.DURATION.expected() + ")");
        }
        if (d.isZero()) {
            throw new IllegalArgumentException(key + "=" + text + " must be more than 0");
        }
        return d;
    }

    private static Pattern regex(String key, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(key + "=\"" + text + "\" is not a regular expression: " + e.getDescription());
        }
    }

    private static JsonPath jsonPath(String text) {
        JsonPath path = JsonPath.parse(text.strip());
        if (!path.isSingleExpression()) {
            throw new IllegalArgumentException("json=" + text + " must be one {expression}");
        }
        return path;
    }

    Duration timeoutOr(Duration fallback) {
        return timeout == null ? fallback : timeout;
    }
}
