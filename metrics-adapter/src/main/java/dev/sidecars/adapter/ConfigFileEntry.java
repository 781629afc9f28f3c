package dev.sidecars.adapter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.sidecars.common.env.ValueTypes;


/**
 * One entry of {@code endpoints:} in the config file, read and validated: every problem is added with
 * its {@code file:line:column}, so that {@link ConfigFile} reports them all at once.
 */
final class ConfigFileEntry {

    private static final Map<String, Set<String>> KEYS = Map.of(
            "health", Set.of("path", "kind", "checks"),
            "forward", Set.of("path", "kind", "upstream", "ok", "fail"),
            "static", Set.of("path", "kind", "body", "contentType", "status"),
            "prometheus", Set.of("path", "kind", "source", "mapping", "metrics", "missing", "sources"),
            "prometheus-text", Set.of("path", "kind", "source", "allow", "deny", "prefix"),
            "prometheus-log", Set.of("path", "kind", "file", "from", "poll", "counters"));
    private static final Set<String> SOURCE_KEYS = Set.of("source", "mapping", "metrics", "missing");
    private static final Set<String> COUNTER_KEYS = Set.of("name", "match", "help", "maxLabelValues");

    private final String source;
    private final String where;
    private final YamlTree node;
    private final List<String> problems;

    ConfigFileEntry(String source, String where, YamlTree node, List<String> problems) {
        this.source = source;
        this.where = where;
        this.node = node;
        this.problems = problems;
    }

    void read(List<Endpoints.Health> health, List<ForwardSpec> forwards, List<Endpoints.Static> statics,
              List<Endpoints.JsonSource> json, List<Endpoints.PromText> promText, List<Endpoints.LogFile> logs) {
        Map<String, YamlTree> m = node.map();
        if (m == null) {
            problem(node, "expected a mapping with path: and kind:");
            return;
        }
        String kind = required(m, "kind");
        String path = required(m, "path");
        if (kind == null) {
            return;
        }
        if (!KEYS.containsKey(kind)) {
            problem(m.get("kind"), "kind: expected health, forward, static, prometheus, prometheus-text or prometheus-log");
            return;
        }
        onlyKnownKeys(m, KEYS.get(kind), "", " for a " + kind + " endpoint");
        if (path != null && (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#'))) {
            problem(m.get("path"), "path: \"" + path + "\" is not an HTTP path starting with /");
            path = null;
        }
        switch (kind) {
            case "health" -> health(m, path, health);
            case "forward" -> forward(m, path, forwards);
            case "static" -> staticAnswer(m, path, statics);
            case "prometheus-text" -> promText(m, path, promText);
            case "prometheus-log" -> logFile(m, path, logs);
            default -> prometheus(m, path, json);
        }
    }

    private void health(Map<String, YamlTree> m, String path, List<Endpoints.Health> out) {
        YamlTree checksNode = m.get("checks");
        if (checksNode == null || checksNode.list() == null || checksNode.list().isEmpty()) {
            problem(checksNode == null ? node : checksNode, "checks: expected a non-empty list of checks");
            return;
        }
        List<CheckSpec> checks = new ArrayList<>();
        List<YamlTree> items = checksNode.list();
        for (int i = 0; i < items.size(); i++) {
            YamlTree item = items.get(i);
            String at = "checks[" + i + "]: ";
            Map<String, YamlTree> c = item.map();
            if (c == null || c.get("kind") == null || c.get("target") == null
                    || c.get("kind").scalar() == null || c.get("target").scalar() == null) {
                problem(item, at + "expected a mapping with kind: and target:");
                continue;
            }
            Map<String, String> options = new LinkedHashMap<>();
            boolean scalars = true;
            for (Map.Entry<String, YamlTree> e : c.entrySet()) {
                if (e.getKey().equals("kind") || e.getKey().equals("target")) {
                    continue;
                }
                if (e.getValue().scalar() == null) {
                    problem(e.getValue(), at + e.getKey() + ": expected text");
                    scalars = false;
                } else {
                    options.put(e.getKey(), e.getValue().scalar());
                }
            }
            if (!scalars) {
                continue;
            }
            try {
                CheckSpec spec = CheckSpec.of(CheckSpec.kind(c.get("kind").scalar()), c.get("target").scalar().strip(), options);
                if (checks.stream().anyMatch(s -> s.name().equals(spec.name()))) {
                    problem(item, at + "check name \"" + spec.name() + "\" is used twice (set name:)");
                }
                checks.add(spec);
            } catch (IllegalArgumentException e) {
                problem(item, at + e.getMessage());
            }
        }
        if (path != null && checks.size() == items.size()) {
            out.add(new Endpoints.Health(path, List.copyOf(checks)));
        }
    }

    private void forward(Map<String, YamlTree> m, String path, List<ForwardSpec> out) {
        String upstream = required(m, "upstream");
        StringBuilder spec = new StringBuilder().append(path).append('=').append(upstream);
        for (String key : List.of("ok", "fail")) {
            String value = optional(m, key);
            if (value != null) {
                spec.append(';').append(key).append('=').append(value);
            }
        }
        if (path == null || upstream == null) {
            return;
        }
        try {
            out.add(ForwardSpec.parse(spec.toString()));
        } catch (IllegalArgumentException e) {
            problem(node, e.getMessage());
        }
    }

    private void staticAnswer(Map<String, YamlTree> m, String path, List<Endpoints.Static> out) {
        String body = optional(m, "body");
        String contentType = optional(m, "contentType");
        String statusText = optional(m, "status");
        int status = 200;
        if (statusText != null) {
            try {
                status = Integer.parseInt(statusText.strip());
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 200 || status > 599) {
                problem(m.get("status"), "status: \"" + statusText + "\" is not a status from 200 to 599");
                return;
            }
        }
        if (path != null) {
            out.add(new Endpoints.Static(path, status, contentType == null ? "text/plain; charset=utf-8" : contentType,
                    body == null ? "" : body));
        }
    }

    private void prometheus(Map<String, YamlTree> m, String path, List<Endpoints.JsonSource> out) {
        if (!m.containsKey("sources")) {
            Endpoints.Source one = jsonSource(m);
            if (path != null && one != null) {
                out.add(new Endpoints.JsonSource(path, List.of(one)));
            }
            return;
        }
        m.keySet().stream().filter(SOURCE_KEYS::contains).forEach(key ->
                problem(m.get(key), key + ": cannot be used with sources: (expected it on each item of sources:)"));
        YamlTree sourcesNode = m.get("sources");
        List<YamlTree> items = sourcesNode.list();
        if (items == null || items.isEmpty()) {
            problem(sourcesNode, "sources: expected a non-empty list of {source:, metrics: or mapping:}");
            return;
        }
        List<Endpoints.Source> sources = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ConfigFileEntry item = new ConfigFileEntry(source, where + ".sources[" + i + "]", items.get(i), problems);
            Endpoints.Source one = item.sourceItem();
            if (one != null) {
                sources.add(one);
            }
        }
        if (sources.size() != items.size()) {
            return;
        }
        List<String> urls = sources.stream().map(Endpoints.Source::url).toList();
        urls.stream().filter(u -> urls.indexOf(u) != urls.lastIndexOf(u)).distinct().forEach(u ->
                problem(sourcesNode, "sources: source " + u + " is listed twice (expected each JSON document once)"));
        List<String> conflicts = FamilyMerge.conflicts(urls, sources.stream().map(Endpoints.Source::mapping).toList());
        conflicts.forEach(c -> problem(sourcesNode, "sources: " + c));
        if (path != null && conflicts.isEmpty() && urls.stream().distinct().count() == urls.size()) {
            out.add(new Endpoints.JsonSource(path, List.copyOf(sources)));
        }
    }

    /** One item of {@code sources:}. */
    private Endpoints.Source sourceItem() {
        Map<String, YamlTree> m = node.map();
        if (m == null) {
            problem(node, "expected a mapping with source: and metrics: or mapping:");
            return null;
        }
        boolean known = onlyKnownKeys(m, SOURCE_KEYS, "", "");
        Endpoints.Source one = jsonSource(m);
        return known ? one : null;
    }

    /** {@code source:}, {@code missing:} and one of {@code metrics:} or {@code mapping:}; null after a problem. */
    private Endpoints.Source jsonSource(Map<String, YamlTree> m) {
        String url = required(m, "source");
        if (url != null && !url.startsWith("/")) {
            try {
                UpstreamUrl.parse(url);
            } catch (IllegalArgumentException e) {
                problem(m.get("source"), "source: " + e.getMessage() + " (expected a path such as /stats or " + UpstreamUrl.FORMAT + ")");
                url = null;
            }
        }
        AdapterConfig.MissingValues missing = AdapterConfig.MissingValues.SKIP;
        String missingText = optional(m, "missing");
        if (missingText != null) {
            switch (missingText.toLowerCase(Locale.ROOT)) {
                case "skip" -> missing = AdapterConfig.MissingValues.SKIP;
                case "fail" -> missing = AdapterConfig.MissingValues.FAIL;
                default -> problem(m.get("missing"), "missing: expected skip or fail");
            }
        }
        JsonMapping mapping = null;
        Path mappingFile = null;
        if (m.containsKey("mapping") == m.containsKey("metrics")) {
            problem(node, "expected exactly one of mapping: (a file) or metrics: (inline rules)");
        } else if (m.containsKey("metrics")) {
            mapping = MappingFile.fromMetrics(m.get("metrics"), source, where + ".metrics", problems);
        } else {
            String file = optional(m, "mapping");
            if (file != null) {
                mappingFile = Path.of(file);
                try {
                    mapping = MappingFile.load(mappingFile);
                } catch (IllegalArgumentException e) {
                    e.getMessage().lines().forEach(line -> problem(m.get("mapping"), "mapping: " + line));
                }
            }
        }
        return url != null && mapping != null ? new Endpoints.Source(url, mapping, missing, mappingFile) : null;
    }

    private void promText(Map<String, YamlTree> m, String path, List<Endpoints.PromText> out) {
        String url = required(m, "source");
        Pattern allow = regex(m, "allow");
        Pattern deny = regex(m, "deny");
        String prefix = optional(m, "prefix");
        if (prefix != null && !prefix.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            problem(m.get("prefix"), "prefix: \"" + prefix + "\" is not a metric name prefix");
            return;
        }
        if (path != null && url != null && (allow != null || !m.containsKey("allow")) && (deny != null || !m.containsKey("deny"))) {
            out.add(new Endpoints.PromText(path, url, allow, deny, prefix));
        }
    }

    private void logFile(Map<String, YamlTree> m, String path, List<Endpoints.LogFile> out) {
        String file = required(m, "file");
        if (file != null && !file.startsWith("/")) {
            problem(m.get("file"), "file: \"" + file + "\" is not an absolute path (expected e.g. /shared/app.log)");
            file = null;
        }
        boolean ok = file != null && path != null;
        boolean fromStart = false;
        String from = optional(m, "from");
        if (from != null) {
            switch (from.strip()) {
                case "end" -> fromStart = false;
                case "start" -> fromStart = true;
                default -> {
                    problem(m.get("from"), "from: \"" + from + "\" is not end or start");
                    ok = false;
                }
            }
        }
        Duration poll = AdapterConfig.LOG_POLL;
        String pollText = optional(m, "poll");
        if (pollText != null) {
            try {
                poll = ValueTypes.parseDuration(pollText.strip());
            } catch (IllegalArgumentException e) {
                poll = Duration.ZERO;
            }
            if (poll.toMillis() < 10 || poll.compareTo(Duration.ofMinutes(1)) > 0) {
                problem(m.get("poll"), "poll: \"" + pollText + "\" is not a duration from 10ms to 1m (e.g. 1s)");
                ok = false;
            }
        }
        YamlTree countersNode = m.get("counters");
        if (countersNode == null || countersNode.list() == null || countersNode.list().isEmpty()) {
            problem(countersNode == null ? node : countersNode, "counters: expected a non-empty list of {name:, match:}");
            return;
        }
        List<LogCounterSpec> counters = new ArrayList<>();
        List<YamlTree> items = countersNode.list();
        for (int i = 0; i < items.size(); i++) {
            YamlTree item = items.get(i);
            String at = "counters[" + i + "]: ";
            Map<String, YamlTree> c = item.map();
            if (c == null || c.get("name") == null || c.get("match") == null
                    || c.get("name").scalar() == null || c.get("match").scalar() == null) {
                problem(item, at + "expected a mapping with name: and match:");
                continue;
            }
            boolean known = onlyKnownKeys(c, COUNTER_KEYS, at, "");
            Integer max = null;
            String maxText = optional(c, "maxLabelValues");
            if (maxText != null) {
                try {
                    max = Integer.parseInt(maxText.strip());
                } catch (NumberFormatException e) {
                    problem(c.get("maxLabelValues"), at + "maxLabelValues: \"" + maxText + "\" is not a number (expected e.g. 20)");
                    known = false;
                }
            }
            try {
                if (known) {
                    counters.add(LogCounterSpec.of(c.get("name").scalar().strip(), c.get("match").scalar(), optional(c, "help"), max));
                }
            } catch (IllegalArgumentException e) {
                problem(item, at + e.getMessage());
            }
        }
        List<String> duplicates = LogCounterSpec.duplicateNames(counters);
        duplicates.forEach(d -> problem(countersNode, "counters: " + d));
        if (ok && counters.size() == items.size() && duplicates.isEmpty()) {
            out.add(new Endpoints.LogFile(path, Path.of(file), fromStart, poll, List.copyOf(counters)));
        }
    }

    private Pattern regex(Map<String, YamlTree> m, String key) {
        String text = optional(m, key);
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            problem(m.get(key), key + ": \"" + text + "\" is not a regular expression: " + e.getDescription());
            return null;
        }
    }

    private String required(Map<String, YamlTree> m, String key) {
        YamlTree value = m.get(key);
        if (value == null || value.scalar() == null) {
            problem(value == null ? node : value, key + ": " + (value == null ? "is required" : "expected text"));
            return null;
        }
        return value.scalar().strip();
    }

    private String optional(Map<String, YamlTree> m, String key) {
        YamlTree value = m.get(key);
        if (value == null || value.value() == null) {
            return null;
        }
        if (value.scalar() == null) {
            problem(value, key + ": expected text");
            return null;
        }
        return value.scalar();
    }

    /**
     * Reports each key of {@code m} outside {@code allowed}, as {@code <prefix>unknown key K<suffix>
     * (expected one of [...])}; true when there was none.
     */
    private boolean onlyKnownKeys(Map<String, YamlTree> m, Set<String> allowed, String prefix, String suffix) {
        boolean known = true;
        for (Map.Entry<String, YamlTree> e : m.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                problem(e.getValue(), prefix + "unknown key " + e.getKey() + suffix + " (expected one of "
                        + allowed.stream().sorted().toList() + ")");
                known = false;
            }
        }
        return known;
    }

    private void problem(YamlTree at, String message) {
        problems.add(source + ":" + at.at() + ": " + where + ": " + message);
    }
}
