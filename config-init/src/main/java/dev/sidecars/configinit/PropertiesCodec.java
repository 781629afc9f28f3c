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

    static Object read(String text, String origin) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(origin + ": " + e.getMessage());
        }
        Object tree = new java.util.LinkedHashMap<String, Object>();
        List<String> problems = new ArrayList<>();
        TreeMap<String, String> sorted = new TreeMap<>(KeyPaths.NATURAL); // a[2] before a[10]
        sorted.putAll(castProps(p));
        for (String key : sorted.keySet()) {
            try {
                tree = Merge.set(tree, KeyPaths.parseDotted(key), p.getProperty(key), false);
            } catch (IllegalArgumentException e) {
                problems.add(origin + ": key " + key + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return tree;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> castProps(Properties p) {
        return (Map) p;
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
