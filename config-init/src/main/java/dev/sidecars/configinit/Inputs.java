package dev.sidecars.configinit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The file side of the inputs: base files and directories, their placeholders, and the secret volume. */
final class Inputs {

    private Inputs() {
    }

    /** Reads {@code ${file:PATH}}: null when it cannot be read, so that the placeholder reports it. */
    static String readFileOrNull(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Every source in order; a directory contributes its JSON, YAML and properties files sorted by name. */
    static List<ConfigMerger.Document> load(List<ConfigInitConfig.Source> sources, Placeholders placeholders) {
        List<ConfigMerger.Document> docs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ConfigInitConfig.Source source : sources) {
            for (Path file : expand(source.path(), problems)) {
                Format format = source.format() != null ? source.format() : Format.fromFileName(file.getFileName().toString());
                if (format == null) {
                    problems.add(file + ": cannot tell the format from the name (expected .json, .yaml, .yml, .properties, .ini or .toml, or a prefix such as yaml:" + file + ")");
                    continue;
                }
                try {
                    Object tree = TreeCodec.read(readBytes(file), format, file.toString());
                    Set<List<String>> secretKeys = new LinkedHashSet<>();
                    tree = renderStrings(tree, List.of(), file.toString(), placeholders, problems, secretKeys);
                    docs.add(new ConfigMerger.Document(file.toString(), tree, secretKeys));
                } catch (InputException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return docs;
    }

    private static List<Path> expand(Path path, List<String> problems) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                // Kubernetes ConfigMap volumes hold ..data and ..<timestamp> entries: hidden names are skipped.
                return files.filter(f -> !f.getFileName().toString().startsWith("."))
                        .filter(f -> Format.fromFileName(f.getFileName().toString()) != null)
                        .filter(Files::isRegularFile)
                        .sorted()
                        .toList();
            } catch (IOException e) {
                problems.add(path + ": cannot list the directory: " + e.getMessage());
                return List.of();
            }
        }
        if (!Files.isRegularFile(path)) {
            problems.add(path + ": no such file or directory");
            return List.of();
        }
        return List.of(path);
    }

    static String readText(Path file) {
        return TreeCodec.decode(readBytes(file), file.toString());
    }

    static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot be read: " + e.getMessage());
        }
    }

    /**
     * Renders placeholders in every string value, in place (the tree was just parsed and belongs to
     * the caller); key paths are only built for the strings that hold a placeholder. Keys whose
     * value came from a file are secrets.
     */
    static Object renderStrings(Object node, List<String> path, String origin, Placeholders placeholders,
                                List<String> problems, Set<List<String>> secretKeys) {
        switch (node) {
            case Map<?, ?> map -> {
                for (Map.Entry<String, Object> e : Merge.cast(map).entrySet()) {
                    Object v = e.getValue();
                    if (v instanceof Map<?, ?> || v instanceof List<?> || v instanceof String s && Placeholders.mayContain(s)) {
                        e.setValue(renderStrings(v, append(path, e.getKey()), origin, placeholders, problems, secretKeys));
                    }
                }
                return map;
            }
            case List<?> list -> {
                @SuppressWarnings("unchecked")
                List<Object> items = (List<Object>) list;
                for (int i = 0; i < items.size(); i++) {
                    items.set(i, renderStrings(items.get(i), append(path, Integer.toString(i)), origin, placeholders, problems, secretKeys));
                }
                return items;
            }
            case String s when Placeholders.mayContain(s) -> {
                Placeholders.Rendered r = placeholders.render(s, origin + ": key " + KeyPaths.dotted(path), problems);
                if (r.usedFile()) {
                    secretKeys.add(path);
                }
                return r.text();
            }
            default -> {
                return node;
            }
        }
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(segment);
        return List.copyOf(out);
    }

    /**
     * A Kubernetes Secret volume: one key per regular file (symlinks through {@code ..data} are
     * followed); {@code ..data}, {@code ..<timestamp>} and other dot-files are not keys.
     */
    static Map<String, String> secretFiles(Path dir) {
        Map<String, String> out = new LinkedHashMap<>();
        if (dir == null) {
            return out;
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": the secrets directory does not exist");
        }
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    out.put(name, readText(f));
                } catch (InputException e) {
                    problems.addAll(e.problems());
                }
            }
        } catch (IOException e) {
            problems.add(dir + ": cannot list the secrets directory: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return out;
    }
}
