package dev.sidecars.configinit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure merge of all layers, in order: base documents, then overrides. It remembers which layer
 * set each key (for the log and for type-conflict errors) and which keys hold secrets (masked).
 */
final class ConfigMerger {

    /** A parsed base document, its origin (a file name), and the keys whose values came from ${file:...}. */
    record Document(String origin, Object tree, Set<List<String>> secretKeys) {
    }

    /** Which layer set a key last. */
    record Provenance(String key, String layer) {
    }

    record Result(Object tree, List<Provenance> overridden, Set<List<String>> secretKeys) {
    }

    private ConfigMerger() {
    }

    static Result merge(List<Document> documents, List<KeyOverride> overrides, ArrayMode arrays) {
        Object tree = null;
        List<Provenance> overridden = new ArrayList<>();
        Set<List<String>> secrets = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Document d : documents) {
            if (!(d.tree() instanceof Map<?, ?>)) {
                problems.add(d.origin() + ": the document is " + Merge.describeType(d.tree()) + ", expected an object at the top");
                continue;
            }
            if (tree == null) {
                tree = d.tree(); // the base as it is: its nulls are values, not deletions
            } else {
                // Only keys an earlier file already had: a later file's new keys are not overrides.
                Map<String, String> leaves = new LinkedHashMap<>();
                flattenDotted("", d.tree(), leaves);
                for (String key : leaves.keySet()) {
                    if (get(tree, KeyPaths.parseDotted(key)) != null) {
                        overridden.add(new Provenance(key, "file " + d.origin()));
                    }
                }
                tree = Merge.merge(tree, d.tree(), arrays);
            }
            secrets.addAll(d.secretKeys());
        }
        if (tree == null) {
            tree = new LinkedHashMap<String, Object>();
        }
        Map<String, String> setBy = new HashMap<>();
        for (KeyOverride o : overrides) {
            try {
                List<String> path = KeyPaths.matchCase(tree, o.path());
                String key = KeyPaths.dotted(path);
                Object existing = get(tree, path);
                Object value = null;
                if (!o.deletes()) {
                    try {
                        value = Coercion.coerce(o.value(), existing);
                    } catch (IllegalArgumentException e) {
                        String valueShown = o.secret() ? "the value" : "\"" + o.value() + "\"";
                        problems.add("key " + key + ": " + valueShown + " from " + o.layer() + " " + e.getMessage()
                                + " (set by " + setBy.getOrDefault(key, fileThatSet(documents, path)) + ")");
                        continue;
                    }
                }
                tree = Merge.set(tree, path, value, o.deletes());
                setBy.put(key, o.layer());
                overridden.add(new Provenance(key, o.layer() + (o.deletes() ? " (deleted)" : "")));
                if (o.secret()) {
                    secrets.add(List.copyOf(path));
                }
            } catch (IllegalArgumentException e) {
                problems.add(o.layer() + ": key " + KeyPaths.dotted(o.path()) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return new Result(tree, overridden, secrets);
    }

    /** The last file that holds the key: looked up only for an error, so that a clean run never flattens a big base. */
    private static String fileThatSet(List<Document> documents, List<String> path) {
        for (int i = documents.size() - 1; i >= 0; i--) {
            if (get(documents.get(i).tree(), path) != null) {
                return "file " + documents.get(i).origin();
            }
        }
        return "an earlier layer";
    }

    /** Leaf keys written as override paths are ({@code a.0.b}), to find who set a key. */
    private static void flattenDotted(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flattenDotted(prefix.isEmpty() ? (String) k : prefix + "." + k, v, out));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flattenDotted(prefix + "." + i, list.get(i), out);
            }
        } else {
            out.put(prefix, "");
        }
    }

    static Object get(Object tree, List<String> path) {
        Object node = tree;
        for (String segment : path) {
            node = KeyPaths.child(node, segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** The key as {@link PropertiesCodec#flatten} writes it ({@code a.b[0].c}), walking the tree to tell indices from keys. */
    static String flatKey(Object tree, List<String> path) {
        StringBuilder sb = new StringBuilder();
        Object node = tree;
        for (String segment : path) {
            if (node instanceof List<?>) {
                sb.append('[').append(segment).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(segment);
            }
            node = KeyPaths.child(node, segment);
        }
        return sb.toString();
    }

    /** A copy of the tree with every secret key's value replaced, for printing. */
    static Object masked(Object tree, Set<List<String>> secretKeys) {
        Object out = tree;
        for (List<String> path : secretKeys) {
            if (get(out, path) != null) {
                out = Merge.set(out, path, "<redacted>", false);
            }
        }
        return out;
    }
}
