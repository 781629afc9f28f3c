package dev.sidecars.configinit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Key paths: {@code Application.Environment} in mappings, {@code Application__Environment} in
 * variable and secret file names (the .NET convention), a numeric segment being an array index.
 * Case matching is pure: a segment takes the case of the one existing key it matches ignoring case.
 */
final class KeyPaths {

    private KeyPaths() {
    }

    /** {@code a.b.0.c} or {@code a.b[0].c}. */
    static List<String> parseDotted(String key) {
        String normal = key.replace("[", ".").replace("]", "");
        List<String> segments = Arrays.asList(normal.split("\\.", -1));
        requireSegments(segments, key);
        return segments;
    }

    /** {@code Application__Servers__0__Host}: a variable name without its prefix, or a secret file name. */
    static List<String> parseDoubleUnderscore(String name) {
        List<String> segments = Arrays.asList(name.split("__", -1));
        requireSegments(segments, name);
        return segments;
    }

    private static void requireSegments(List<String> segments, String original) {
        for (String s : segments) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("\"" + original + "\" has an empty key segment");
            }
        }
    }

    /** Two runs of digits by numeric value, of any length, without parsing them (this sorts every key of a properties file). */
    private static int compareDigits(String a, int i, int ei, String b, int j, int ej) {
        while (i < ei - 1 && a.charAt(i) == '0') {
            i++;
        }
        while (j < ej - 1 && b.charAt(j) == '0') {
            j++;
        }
        if (ei - i != ej - j) {
            return Integer.compare(ei - i, ej - j);
        }
        for (; i < ei; i++, j++) {
            if (a.charAt(i) != b.charAt(j)) {
                return Character.compare(a.charAt(i), b.charAt(j));
            }
        }
        return 0;
    }

    /**
     * Names in "natural" order, digit runs compared as numbers, so that {@code S__2} comes before
     * {@code S__10}: array elements set one by one must arrive in index order.
     */
    static final java.util.Comparator<String> NATURAL = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                int c = compareDigits(a, i, ei, b, j, ej);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    };

    static String dotted(List<String> path) {
        return String.join(".", path);
    }

    static boolean isIndex(String segment) {
        return segment.length() <= 9 && segment.chars().allMatch(Character::isDigit);
    }

    /**
     * The path with each segment in the case of the existing key it matches ignoring case, walking
     * the tree as far as it goes. An exact match wins; two keys differing only in case are ambiguous.
     */
    static List<String> matchCase(Object tree, List<String> path) {
        List<String> out = new ArrayList<>(path.size());
        Object node = tree;
        for (String segment : path) {
            String chosen = segment;
            if (node instanceof Map<?, ?> map && !map.containsKey(segment)) {
                List<String> candidates = new ArrayList<>();
                for (Object k : map.keySet()) {
                    if (((String) k).toLowerCase(Locale.ROOT).equals(segment.toLowerCase(Locale.ROOT))) {
                        candidates.add((String) k);
                    }
                }
                if (candidates.size() == 1) {
                    chosen = candidates.getFirst();
                } else if (candidates.size() > 1) {
                    throw new IllegalArgumentException("\"" + segment + "\" matches " + candidates + " ignoring case; write the exact case");
                }
            }
            out.add(chosen);
            node = child(node, chosen);
        }
        return out;
    }

    static Object child(Object node, String segment) {
        if (node instanceof Map<?, ?> map) {
            return map.get(segment);
        }
        if (node instanceof List<?> list && isIndex(segment)) {
            int i = Integer.parseInt(segment);
            return i < list.size() ? list.get(i) : null;
        }
        return null;
    }

    /** A key path as lower case, for messages only. */
    static String describe(List<String> path) {
        return dotted(path).isEmpty() ? "(root)" : dotted(path);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
