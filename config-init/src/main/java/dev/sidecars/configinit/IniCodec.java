package dev.sidecars.configinit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * INI files as a tree (read only): {@code [Section]} or {@code [a.b]} opens an object, {@code key = value}
 * sets a text value in it, {@code ;} and {@code #} start comment lines. Errors name the line.
 */
final class IniCodec {

    private IniCodec() {
    }

    static Object read(String text, String origin) {
        Object tree = new LinkedHashMap<String, Object>();
        List<String> section = List.of();
        List<String> problems = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\r?\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            try {
                if (line.startsWith("[")) {
                    if (!line.endsWith("]") || line.length() < 3) {
                        throw new IllegalArgumentException("a section header is written [name]");
                    }
                    section = KeyPaths.parseDotted(line.substring(1, line.length() - 1).strip());
                    if (ConfigMerger.get(tree, section) == null) {
                        tree = Merge.setInPlace(tree, section, new LinkedHashMap<String, Object>());
                    }
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("expected key = value");
                }
                List<String> path = new ArrayList<>(section);
                path.add(line.substring(0, eq).strip());
                tree = Merge.setInPlace(tree, path, unquote(line.substring(eq + 1).strip()));
            } catch (IllegalArgumentException e) {
                problems.add(origin + ":" + lineNo + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return tree;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

}
