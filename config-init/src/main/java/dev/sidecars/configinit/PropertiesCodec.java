package dev.sidecars.configinit;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Java properties as a tree: {@code a.b[0].c=x} (or {@code a.b.0.c}) nests, values stay text.
 * Written back flat with keys sorted, so that the same tree always gives the same bytes.
 */
final class PropertiesCodec {

    private PropertiesCodec() {
    }

    /**
     * Reads the properties with the JDK's own rules, and names {@code origin:line(:column)} in every
     * problem: a malformed {@code \\u} escape, or a key that conflicts with an earlier one
     * ({@code a=1} then {@code a.b=2}). The JDK calls {@code put} once per logical line, in order,
     * which gives each key its line.
     */
    static Object read(String text, String origin) {
        List<PropertiesLines.Logical> lines = PropertiesLines.split(text);
        List<String> keys = new ArrayList<>(lines.size());
        List<String> values = new ArrayList<>(lines.size());
        Properties recorder = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                keys.add((String) key);
                values.add((String) value);
                return null;
            }
        };
        try {
            recorder.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            for (PropertiesLines.Logical logical : lines) {
                int[] at = PropertiesLines.badEscape(logical);
                if (at != null) {
                    throw new InputException(origin + ":" + at[0] + ":" + at[1]
                            + ": malformed \\u escape (expected \\u and four hex digits; write \\\\ for a literal backslash)");
                }
            }
            throw new InputException(origin + ": " + e.getMessage());
        }
        // Should our split ever disagree with the JDK's, the JDK's reading stands and problems name no line.
        boolean lined = keys.size() == lines.size();
        List<String> problems = new ArrayList<>();
        Map<String, Entry> entries = new java.util.HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            entries.put(keys.get(i), new Entry(values.get(i), lined ? lines.get(i).firstLine() : 0)); // a repeated key: the last wins, as in the JDK
        }
        Object tree = new java.util.LinkedHashMap<String, Object>();
        TreeMap<String, Entry> sorted = new TreeMap<>(KeyPaths.NATURAL); // a[2] before a[10]
        sorted.putAll(entries);
        for (Map.Entry<String, Entry> e : sorted.entrySet()) {
            try {
                tree = Merge.setInPlace(tree, KeyPaths.parseDotted(e.getKey()), e.getValue().value());
            } catch (IllegalArgumentException ex) {
                problems.add(origin + (e.getValue().line() > 0 ? ":" + e.getValue().line() : "") + ": key " + e.getKey() + ": " + ex.getMessage()
                        + " (expected keys such as a.b, a.b[0] or a.b.0 that nest without conflict)");
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return tree;
    }

    private record Entry(String value, int line) {
    }

    static String write(Object tree) {
        TreeMap<String, String> flat = new TreeMap<>();
        flatten("", tree, flat);
        StringBuilder sb = new StringBuilder();
        flat.forEach((k, v) -> sb.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
        return sb.toString();
    }

    /** Every leaf as {@code a.b[0].c -> text}; also used for the dry-run diff. */
    static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            if (map.isEmpty() && !prefix.isEmpty()) {
                out.put(prefix, "");
            }
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? (String) k : prefix + "." + k, v, out));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), out);
            }
        } else {
            out.put(prefix, node == null ? "" : String.valueOf(node));
        }
    }

    private static String escape(String s, boolean key) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '=', ':', '#', '!' -> sb.append(key || i == 0 ? "\\" + c : String.valueOf(c));
                case ' ' -> sb.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
