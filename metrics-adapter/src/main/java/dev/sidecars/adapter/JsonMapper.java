package dev.sidecars.adapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON-to-metrics decision: applies a {@link JsonMapping} to a decoded document. Pure: no I/O,
 * never throws; what it could not map is counted ({@code missing}) or described ({@code problems},
 * each distinct, for a log line and the parse-failure counter).
 */
final class JsonMapper {

    record Result(List<Family> families, int missing, Set<String> problems) {
    }

    private JsonMapper() {
    }

    static Result map(Object document, JsonMapping mapping) {
        Mapping m = new Mapping();
        JsonPath.Node root = new JsonPath.Node(document, null);
        for (JsonMapping.Rule rule : mapping.rules()) {
            if (rule.kind() == JsonMapping.Kind.VALUE) {
                mapValue(rule, root, m);
            } else {
                mapObjects(rule, root, m);
            }
        }
        List<Family> families = new ArrayList<>();
        m.families.forEach((name, f) -> families.add(f.build(name)));
        return new Result(List.copyOf(families), m.missing, Set.copyOf(m.problems));
    }

    private static void mapValue(JsonMapping.Rule rule, JsonPath.Node root, Mapping m) {
        List<JsonPath.Node> found = rule.path().select(root);
        if (found.isEmpty()) {
            m.missing++;
            return;
        }
        for (JsonPath.Node node : found) {
            // labels come from the root; {@key} is the key the value was found under
            List<String[]> labels = labels(rule, new JsonPath.Node(root.value(), node.key(), root.value()), m);
            if (labels != null) {
                emit(rule, rule.name(), labels, node.value(), rule.path().toString(), m);
            }
        }
    }

    private static void mapObjects(JsonMapping.Rule rule, JsonPath.Node root, Mapping m) {
        List<JsonPath.Node> objects = rule.path().select(root);
        if (objects.isEmpty()) {
            m.missing++;
            return;
        }
        for (JsonPath.Node object : objects) {
            List<String[]> labels = labels(rule, object, m);
            if (labels == null) {
                continue;
            }
            if (rule.values().isEmpty()) {
                emit(rule, rule.name(), labels, object.value(), rule.path().toString(), m);
                continue;
            }
            for (Map.Entry<String, JsonMapping.ValueSource> e : rule.values().entrySet()) {
                JsonMapping.ValueSource source = e.getValue();
                String name = rule.name() + "_" + e.getKey();
                if (source.constant() != null) {
                    add(rule, name, labels, source.constant(), m);
                    continue;
                }
                List<JsonPath.Node> found = source.path().select(object);
                if (found.isEmpty()) {
                    m.missing++;
                    continue;
                }
                emit(rule, name, labels, found.getFirst().value(), source.text(), m);
            }
        }
    }

    private static List<String[]> labels(JsonMapping.Rule rule, JsonPath.Node context, Mapping m) {
        List<String[]> labels = new ArrayList<>();
        for (Map.Entry<String, JsonMapping.Template> e : rule.labels().entrySet()) {
            String value = e.getValue().render(context);
            if (value == null) {
                m.missing++;
                return null;
            }
            labels.add(new String[] {e.getKey(), value});
        }
        return labels;
    }

    private static void emit(JsonMapping.Rule rule, String name, List<String[]> labels, Object value, String expression,
                             Mapping m) {
        if (value == null) {
            m.missing++;
            return;
        }
        if (rule.states() != null) {
            String current = JsonPath.text(value);
            boolean known = false;
            for (String state : rule.states().values()) {
                List<String[]> withState = new ArrayList<>(labels);
                withState.add(new String[] {rule.states().label(), state});
                boolean on = state.equalsIgnoreCase(current);
                known |= on;
                add(rule, name, withState, on ? 1 : 0, m);
            }
            if (!known) {
                m.problems.add(rule.location() + ": " + name + ": \"" + abbreviate(current) + "\" is not one of the states "
                        + rule.states().values());
            }
            return;
        }
        Double number = number(value, rule.converters().get(expression));
        if (number == null) {
            m.problems.add(rule.location() + ": " + name + ": " + expression + " is \"" + abbreviate(JsonPath.text(value))
                    + "\", not a number (add a valueconverter or states)");
            return;
        }
        add(rule, name, labels, number, m);
    }

    /** A JSON value as a sample value: numbers, booleans as 1/0, numeric strings, or mapped strings. */
    static Double number(Object value, Map<String, Double> converter) {
        return switch (value) {
            case Number n -> n.doubleValue();
            case Boolean b -> b ? 1.0 : 0.0;
            case String s -> {
                if (converter != null) {
                    Double mapped = converter.get(s.toLowerCase(Locale.ROOT));
                    if (mapped != null) {
                        yield mapped;
                    }
                }
                yield parseNumber(s);
            }
            default -> null;
        };
    }

    private static Double parseNumber(String s) {
        String t = s.strip();
        if (t.isEmpty() || !(Character.isDigit(t.charAt(0)) || t.charAt(0) == '-' || t.charAt(0) == '+' || t.charAt(0) == '.')) {
            return null; // "NaN", "Infinity", hex and the like are not numbers an app meant
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void add(JsonMapping.Rule rule, String name, List<String[]> labels, double value, Mapping m) {
        String familyName = familyName(name, rule.type());
        FamilyBuilder family = m.families.computeIfAbsent(familyName, n -> new FamilyBuilder(rule.help(), rule.type()));
        if (family.type != rule.type()) {
            m.problems.add(rule.location() + ": " + familyName + " is already a " + family.type.text);
            return;
        }
        if (!family.add(new Sample(List.copyOf(labels), value))) {
            m.problems.add(rule.location() + ": " + familyName + " has two series with the same labels; the first is kept"
                    + " (add a label that tells them apart)");
        }
    }

    static String familyName(String name, JsonMapping.MetricType type) {
        return type == JsonMapping.MetricType.COUNTER && !name.endsWith("_total") ? name + "_total" : name;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    private static final class Mapping {
        final Map<String, FamilyBuilder> families = new LinkedHashMap<>();
        final Set<String> problems = new LinkedHashSet<>();
        int missing;
    }
}
