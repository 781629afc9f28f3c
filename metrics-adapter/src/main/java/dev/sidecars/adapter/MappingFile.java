package dev.sidecars.adapter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a mapping file: json_exporter's module config ({@code modules: {NAME: {metrics: [...]}}})
 * or just {@code metrics: [...]}. Every problem is reported at once with its line and column.
 *
 * <pre>
 * metrics:
 * - name: es_cluster_status            # metric name
 *   path: '{.status}'                  # JSONPath (kubectl syntax)
 *   help: Cluster health
 *   valuetype: gauge                   # gauge | counter | untyped (default, as json_exporter)
 *   states: {label: color, values: [green, yellow, red]}   # enum label set, 1 for the current state
 * - name: es_index
 *   type: object                       # path selects objects; labels and values read from each
 *   path: '{.indices.*}'
 *   labels: {index: '{@key}'}          # {@key}: the map key the object was found under
 *   values: {docs: '{.docs.count}', up: 1}
 *   valueconverter: {'{.health}': {green: 2, yellow: 1, red: 0}}
 * </pre>
 */
final class MappingFile {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> RULE_KEYS = Set.of("name", "path", "help", "type", "valuetype", "labels", "values",
            "valueconverter", "states");

    private MappingFile() {
    }

    /** Loads the file or throws {@link IllegalArgumentException} with one line per problem. */
    static JsonMapping load(Path file) {
        return fromTree(YamlTree.load(file), file.toString());
    }

    static JsonMapping parse(String text, String source) {
        return fromTree(YamlTree.parse(text, source), source);
    }

    private static JsonMapping fromTree(YamlTree root, String source) {
        List<String> problems = new ArrayList<>();
        YamlTree metrics = metrics(root, source, problems);
        JsonMapping mapping = metrics == null ? null : fromMetrics(metrics, source, "metrics", problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return mapping;
    }

    /** The rules of a {@code metrics:} list, from a mapping file or inline in the config file. */
    static JsonMapping fromMetrics(YamlTree metrics, String source, String where, List<String> problems) {
        if (metrics.list() == null || metrics.list().isEmpty()) {
            problems.add(source + ":" + metrics.at() + ": " + where + " must be a non-empty list of metric rules");
            return null;
        }
        List<JsonMapping.Rule> rules = new ArrayList<>();
        List<YamlTree> items = metrics.list();
        for (int i = 0; i < items.size(); i++) {
            JsonMapping.Rule rule = rule(items.get(i), source, where + "[" + i + "]", problems);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new JsonMapping(List.copyOf(rules));
    }

    private static YamlTree metrics(YamlTree root, String source, List<String> problems) {
        Map<String, YamlTree> top = root.map();
        if (top == null) {
            problems.add(source + ":" + root.at() + ": expected a mapping with metrics: or modules:");
            return null;
        }
        if (top.containsKey("modules")) {
            Map<String, YamlTree> modules = top.get("modules").map();
            if (modules == null || modules.isEmpty()) {
                problems.add(source + ":" + top.get("modules").at() + ": modules must map module names to modules");
                return null;
            }
            YamlTree module = modules.size() == 1 ? modules.values().iterator().next() : modules.get("default");
            if (module == null) {
                problems.add(source + ":" + top.get("modules").at() + ": several modules and none named default"
                        + " (the adapter serves one module: keep one, or name it default)");
                return null;
            }
            if (module.map() == null || !module.map().containsKey("metrics")) {
                problems.add(source + ":" + module.at() + ": the module has no metrics:");
                return null;
            }
            for (Map.Entry<String, YamlTree> e : module.map().entrySet()) {
                if (!e.getKey().equals("metrics")) {
                    problems.add(source + ":" + e.getValue().at() + ": module key " + e.getKey() + " is not supported"
                            + " (the adapter reads only metrics:; set the URL with ADAPTER_JSON_URL, see \"From json_exporter\" in docs/metrics-adapter.md)");
                }
            }
            return module.map().get("metrics");
        }
        for (String key : top.keySet()) {
            if (!key.equals("metrics")) {
                problems.add(source + ":" + top.get(key).at() + ": unknown key " + key + " (expected metrics: or modules:)");
            }
        }
        if (!top.containsKey("metrics")) {
            problems.add(source + ":" + root.at() + ": no metrics: list");
            return null;
        }
        return top.get("metrics");
    }

    private static JsonMapping.Rule rule(YamlTree node, String source, String where, List<String> problems) {
        int before = problems.size();
        Map<String, YamlTree> m = node.map();
        if (m == null) {
            problems.add(source + ":" + node.at() + ": " + where + ": expected a mapping with name: and path:");
            return null;
        }
        for (Map.Entry<String, YamlTree> e : m.entrySet()) {
            if (!RULE_KEYS.contains(e.getKey())) {
                problems.add(source + ":" + e.getValue().at() + ": " + where + ": unknown key " + e.getKey()
                        + " (expected one of " + RULE_KEYS.stream().sorted().toList() + ")");
            }
        }
        String location = source + ":" + node.at();
        String name = scalar(m, "name", true, source, where, node, problems);
        if (name != null && !METRIC_NAME.matcher(name).matches()) {
            problems.add(source + ":" + m.get("name").at() + ": " + where + ".name: \"" + name
                    + "\" is not a metric name (expected letters, digits and _, not starting with a digit)");
        }
        JsonMapping.Kind kind = switch (orDefault(scalar(m, "type", false, source, where, node, problems), "value")) {
            case "value" -> JsonMapping.Kind.VALUE;
            case "object" -> JsonMapping.Kind.OBJECT;
            default -> {
                problems.add(source + ":" + m.get("type").at() + ": " + where + ".type: expected value or object");
                yield JsonMapping.Kind.VALUE;
            }
        };
        JsonMapping.MetricType type = switch (orDefault(scalar(m, "valuetype", false, source, where, node, problems), "untyped")
                .toLowerCase(Locale.ROOT)) {
            case "gauge" -> JsonMapping.MetricType.GAUGE;
            case "counter" -> JsonMapping.MetricType.COUNTER;
            case "untyped" -> JsonMapping.MetricType.UNTYPED;
            default -> {
                problems.add(source + ":" + m.get("valuetype").at() + ": " + where + ".valuetype: expected gauge, counter or untyped");
                yield JsonMapping.MetricType.UNTYPED;
            }
        };
        if (name != null && type != JsonMapping.MetricType.COUNTER && name.endsWith("_total")) {
            problems.add(source + ":" + m.get("name").at() + ": " + where + ".name: only counters end in _total"
                    + " (set valuetype: counter, or rename)");
        }
        String pathText = scalar(m, "path", true, source, where, node, problems);
        JsonPath path = pathText == null ? null : jsonPath(pathText, source, m.get("path"), where + ".path", problems);
        if (path != null && !path.isSingleExpression()) {
            problems.add(source + ":" + m.get("path").at() + ": " + where + ".path: must be one {expression}");
        }
        String help = orDefault(scalar(m, "help", false, source, where, node, problems),
                "JSON value " + orDefault(pathText, "") + " of the app");

        Map<String, JsonMapping.Template> labels = new LinkedHashMap<>();
        for (Map.Entry<String, YamlTree> e : entries(m, "labels", source, where, problems).entrySet()) {
            String label = e.getKey();
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                problems.add(source + ":" + e.getValue().at() + ": " + where + ".labels: \"" + label
                        + "\" is not a label name (expected letters, digits and _, not starting with __)");
            }
            String template = e.getValue().scalar();
            if (template == null) {
                problems.add(source + ":" + e.getValue().at() + ": " + where + ".labels." + label + ": expected text or a {template}");
                continue;
            }
            try {
                labels.put(label, JsonMapping.Template.of(template));
            } catch (IllegalArgumentException ex) {
                problems.add(source + ":" + e.getValue().at() + ": " + where + ".labels." + label + ": " + ex.getMessage());
            }
        }

        Map<String, JsonMapping.ValueSource> values = new LinkedHashMap<>();
        Map<String, YamlTree> valueNodes = entries(m, "values", source, where, problems);
        if (!valueNodes.isEmpty() && kind != JsonMapping.Kind.OBJECT) {
            problems.add(source + ":" + m.get("values").at() + ": " + where + ".values: only for type: object");
        }
        for (Map.Entry<String, YamlTree> e : valueNodes.entrySet()) {
            String text = e.getValue().scalar();
            if (text == null || !METRIC_NAME.matcher(e.getKey()).matches()) {
                problems.add(source + ":" + e.getValue().at() + ": " + where + ".values." + e.getKey()
                        + ": expected a name of letters, digits and _ with a number or a {template}");
                continue;
            }
            if (text.contains("{")) {
                JsonPath p = jsonPath(text, source, e.getValue(), where + ".values." + e.getKey(), problems);
                values.put(e.getKey(), new JsonMapping.ValueSource(text.strip(), null, p));
            } else {
                try {
                    values.put(e.getKey(), new JsonMapping.ValueSource(text, Double.parseDouble(text.strip()), null));
                } catch (NumberFormatException ex) {
                    problems.add(source + ":" + e.getValue().at() + ": " + where + ".values." + e.getKey()
                            + ": \"" + text + "\" is neither a number nor a {template}");
                }
            }
        }

        Map<String, Map<String, Double>> converters = new LinkedHashMap<>();
        for (Map.Entry<String, YamlTree> e : entries(m, "valueconverter", source, where, problems).entrySet()) {
            Map<String, YamlTree> mapping = e.getValue().map();
            if (mapping == null) {
                problems.add(source + ":" + e.getValue().at() + ": " + where + ".valueconverter: expected string: number pairs");
                continue;
            }
            Map<String, Double> converter = new LinkedHashMap<>();
            for (Map.Entry<String, YamlTree> c : mapping.entrySet()) {
                try {
                    converter.put(c.getKey().toLowerCase(Locale.ROOT), Double.parseDouble(String.valueOf(c.getValue().scalar())));
                } catch (NumberFormatException ex) {
                    problems.add(source + ":" + c.getValue().at() + ": " + where + ".valueconverter: \""
                            + c.getValue().scalar() + "\" is not a number");
                }
            }
            converters.put(e.getKey().strip(), Map.copyOf(converter));
        }

        JsonMapping.States states = null;
        if (m.containsKey("states")) {
            states = states(m.get("states"), source, where, problems);
        }
        if (problems.size() > before) {
            return null;
        }
        return new JsonMapping.Rule(name, help, kind, type, path, labels, values, converters, states, location);
    }

    private static JsonMapping.States states(YamlTree node, String source, String where, List<String> problems) {
        Map<String, YamlTree> m = node.map();
        if (m == null || !m.containsKey("label") || !m.containsKey("values") || m.get("values").list() == null
                || m.get("label").scalar() == null) {
            problems.add(source + ":" + node.at() + ": " + where + ".states: expected {label: NAME, values: [a, b, ...]}");
            return null;
        }
        String label = m.get("label").scalar();
        if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
            problems.add(source + ":" + m.get("label").at() + ": " + where + ".states.label: \"" + label + "\" is not a label name");
        }
        List<String> values = new ArrayList<>();
        for (YamlTree v : m.get("values").list()) {
            if (v.scalar() == null || values.contains(v.scalar())) {
                problems.add(source + ":" + v.at() + ": " + where + ".states.values: expected distinct text values");
            } else {
                values.add(v.scalar());
            }
        }
        if (values.isEmpty()) {
            problems.add(source + ":" + node.at() + ": " + where + ".states.values: must not be empty");
        }
        return new JsonMapping.States(label, List.copyOf(values));
    }

    private static Map<String, YamlTree> entries(Map<String, YamlTree> m, String key, String source, String where,
                                                 List<String> problems) {
        YamlTree node = m.get(key);
        if (node == null || node.value() == null) {
            return Map.of();
        }
        if (node.map() == null) {
            problems.add(source + ":" + node.at() + ": " + where + "." + key + ": expected a mapping");
            return Map.of();
        }
        return node.map();
    }

    private static String scalar(Map<String, YamlTree> m, String key, boolean required, String source, String where,
                                 YamlTree parent, List<String> problems) {
        YamlTree node = m.get(key);
        if (node == null || node.value() == null) {
            if (required) {
                problems.add(source + ":" + parent.at() + ": " + where + ": " + key + " is required");
            }
            return null;
        }
        if (node.scalar() == null) {
            problems.add(source + ":" + node.at() + ": " + where + "." + key + ": expected text");
            return null;
        }
        return node.scalar();
    }

    private static JsonPath jsonPath(String text, String source, YamlTree node, String where, List<String> problems) {
        try {
            return JsonPath.parse(text.strip());
        } catch (IllegalArgumentException e) {
            problems.add(source + ":" + node.at() + ": " + where + ": " + e.getMessage());
            return null;
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
