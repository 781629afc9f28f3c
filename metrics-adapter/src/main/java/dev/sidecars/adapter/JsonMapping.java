package dev.sidecars.adapter;

import java.util.List;
import java.util.Map;

/** A validated mapping file: the rules that turn the app's JSON into metric families. */
record JsonMapping(List<Rule> rules) {

    enum Kind { VALUE, OBJECT }

    enum MetricType {
        GAUGE("gauge", "gauge"), COUNTER("counter", "counter"), UNTYPED("untyped", "unknown");

        final String text;
        final String openMetrics;

        MetricType(String text, String openMetrics) {
            this.text = text;
            this.openMetrics = openMetrics;
        }
    }

    /** A label's value: literal text, or a template with {expressions}. */
    record Template(String literal, JsonPath path) {
        static Template of(String text) {
            return text.contains("{") ? new Template(null, JsonPath.parse(text)) : new Template(text, null);
        }

        String render(JsonPath.Node node) {
            return literal != null ? literal : path.render(node);
        }
    }

    /** A sample's value: a constant (json_exporter's {@code active: 1}) or an expression. */
    record ValueSource(String text, Double constant, JsonPath path) {
    }

    /** Enum label set: one series per state, 1 for the current one, 0 for the others. */
    record States(String label, List<String> values) {
    }

    /**
     * One metric rule. For {@link Kind#VALUE} the path selects values and labels are read from the
     * document's root; for {@link Kind#OBJECT} the path selects objects, and labels and each entry of
     * {@code values} (metric {@code name_key}) are read relative to each object.
     *
     * @param converters for each value expression (by its text), string value to number, keys lower case
     */
    record Rule(String name, String help, Kind kind, MetricType type, JsonPath path, Map<String, Template> labels,
                Map<String, ValueSource> values, Map<String, Map<String, Double>> converters, States states,
                String location) {
    }
}
