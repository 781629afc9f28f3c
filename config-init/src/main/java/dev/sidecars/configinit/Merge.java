package dev.sidecars.configinit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure merge rules on the tree model (Map, List, String, Number, Boolean, null). Objects
 * deep-merge; arrays follow {@link ArrayMode}; anything else is replaced by the later layer; a
 * {@code null} in a later layer deletes the key (Helm's convention). Inputs are never modified.
 */
final class Merge {

    private Merge() {
    }

    /** The marker an override uses for "delete this key": the whole value {@code ${null}}. */
    static final String DELETE = "${null}";

    static Object merge(Object base, Object overlay, ArrayMode arrays) {
        if (base instanceof Map<?, ?> b && overlay instanceof Map<?, ?> o) {
            Map<String, Object> out = new LinkedHashMap<>(cast(b));
            for (Map.Entry<String, Object> e : cast(o).entrySet()) {
                if (e.getValue() == null) {
                    out.remove(e.getKey());
                } else if (out.containsKey(e.getKey())) {
                    out.put(e.getKey(), merge(out.get(e.getKey()), e.getValue(), arrays));
                } else {
                    out.put(e.getKey(), withoutNulls(e.getValue()));
                }
            }
            return out;
        }
        if (base instanceof List<?> b && overlay instanceof List<?> o) {
            return switch (arrays) {
                case REPLACE -> withoutNulls(o);
                case APPEND -> {
                    List<Object> out = new ArrayList<>(b);
                    o.forEach(v -> out.add(withoutNulls(v)));
                    yield out;
                }
                case MERGE_BY_INDEX -> {
                    List<Object> out = new ArrayList<>(b);
                    for (int i = 0; i < o.size(); i++) {
                        if (i < out.size()) {
                            out.set(i, o.get(i) == null ? out.get(i) : merge(out.get(i), o.get(i), arrays));
                        } else {
                            out.add(withoutNulls(o.get(i)));
                        }
                    }
                    yield out;
                }
            };
        }
        return withoutNulls(overlay);
    }

    /** A new key from an overlay: its own null members delete nothing, so they are dropped. */
    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            cast(m).forEach((k, v) -> {
                if (v != null) {
                    out.put(k, withoutNulls(v));
                }
            });
            return out;
        }
        return value;
    }

    /**
     * The tree with {@code value} at {@code path}, creating objects (or arrays, for numeric
     * segments) on the way; {@link #DELETE} removes the key. An index may be at most the array's
     * size (which appends). Throws {@link IllegalArgumentException} naming the key on a conflict.
     */
    static Object set(Object tree, List<String> path, Object value, boolean delete) {
        if (path.isEmpty()) {
            return delete ? null : value;
        }
        String head = path.getFirst();
        List<String> rest = path.subList(1, path.size());
        if (tree instanceof List<?> list && KeyPaths.isIndex(head)) {
            int i = Integer.parseInt(head);
            if (i > list.size()) {
                throw new IllegalArgumentException("index " + i + " is beyond the end of an array of " + list.size());
            }
            List<Object> out = new ArrayList<>(list);
            if (delete && rest.isEmpty()) {
                if (i < out.size()) {
                    out.remove(i);
                }
                return out;
            }
            Object child = i < out.size() ? out.get(i) : null;
            Object updated = set(child, rest, value, delete);
            if (i < out.size()) {
                out.set(i, updated);
            } else {
                out.add(updated);
            }
            return out;
        }
        if (tree == null && KeyPaths.isIndex(head)) {
            if (delete) {
                return null;
            }
            return set(new ArrayList<>(), path, value, false);
        }
        if (tree != null && !(tree instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("cannot set a key inside " + describeType(tree));
        }
        Map<String, Object> out = tree == null ? new LinkedHashMap<>() : new LinkedHashMap<>(cast((Map<?, ?>) tree));
        if (delete && rest.isEmpty()) {
            out.remove(head);
            return out;
        }
        if (delete && !out.containsKey(head)) {
            return out;
        }
        out.put(head, set(out.get(head), rest, value, delete));
        return out;
    }

    /**
     * As {@code set(tree, path, value, false)}, but changes the maps and lists of {@code tree} in
     * place. Only for a tree its owner is building (a properties or INI reader): copying each level
     * for every key made reading a 1 MB properties file quadratic (9 s instead of well under 1 s).
     */
    static Object setInPlace(Object tree, List<String> path, Object value) {
        if (path.isEmpty()) {
            return value;
        }
        String head = path.getFirst();
        List<String> rest = path.subList(1, path.size());
        if (tree instanceof List<?> l && KeyPaths.isIndex(head)) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            int i = Integer.parseInt(head);
            if (i > list.size()) {
                throw new IllegalArgumentException("index " + i + " is beyond the end of an array of " + list.size());
            }
            if (i < list.size()) {
                list.set(i, setInPlace(list.get(i), rest, value));
            } else {
                list.add(setInPlace(null, rest, value));
            }
            return list;
        }
        if (tree == null && KeyPaths.isIndex(head)) {
            return setInPlace(new ArrayList<>(), path, value);
        }
        if (tree != null && !(tree instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("cannot set a key inside " + describeType(tree));
        }
        Map<String, Object> map = tree == null ? new LinkedHashMap<>() : cast((Map<?, ?>) tree);
        map.put(head, setInPlace(map.get(head), rest, value));
        return map;
    }

    static String describeType(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            default -> value.getClass().getSimpleName();
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
