package dev.sidecars.adapter;

import java.util.List;

/**
 * Writes families as Prometheus text format 0.0.4, or as OpenMetrics 1.0 (counter families without
 * {@code _total}, {@code unknown} for untyped, and the closing {@code # EOF}).
 */
final class Exposition {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private Exposition() {
    }

    static boolean wantsOpenMetrics(String accept) {
        return accept != null && accept.contains("application/openmetrics-text");
    }

    static String write(List<Family> families, boolean openMetrics) {
        StringBuilder sb = new StringBuilder(256 + families.size() * 128);
        for (Family family : families) {
            String familyName = openMetrics && family.type() == JsonMapping.MetricType.COUNTER
                    ? family.name().substring(0, family.name().length() - "_total".length())
                    : family.name();
            sb.append("# HELP ").append(familyName).append(' ');
            escapeHelp(sb, family.help(), openMetrics);
            sb.append('\n');
            sb.append("# TYPE ").append(familyName).append(' ')
                    .append(openMetrics ? family.type().openMetrics : family.type().text).append('\n');
            for (Sample sample : family.samples()) {
                sb.append(family.name());
                appendLabels(sb, sample);
                sb.append(' ').append(number(sample.value())).append('\n');
            }
        }
        if (openMetrics) {
            sb.append("# EOF\n");
        }
        return sb.toString();
    }

    /** A sample's labels as written, e.g. {@code {source="/stats"}}; empty without labels. */
    static String labels(Sample sample) {
        StringBuilder sb = new StringBuilder();
        appendLabels(sb, sample);
        return sb.toString();
    }

    private static void appendLabels(StringBuilder sb, Sample sample) {
        if (sample.labels().isEmpty()) {
            return;
        }
        sb.append('{');
        boolean first = true;
        for (String[] label : sample.labels()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(label[0]).append("=\"");
            escapeLabel(sb, label[1]);
            sb.append('"');
        }
        sb.append('}');
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static void escapeLabel(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    private static void escapeHelp(StringBuilder sb, String s, boolean openMetrics) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '"' -> sb.append(openMetrics ? "\\\"" : "\"");
                default -> sb.append(c);
            }
        }
    }
}
