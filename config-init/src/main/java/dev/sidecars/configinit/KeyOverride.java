package dev.sidecars.configinit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One key set by a variable, a mapping or a secret file: text, coerced when applied. {@code layer}
 * names where it came from for the log and for errors; a secret's value is never shown.
 */
record KeyOverride(String layer, List<String> path, String value, boolean secret) {

    /**
     * What Kubernetes injects for a Service named like the prefix ({@code APP_SERVICE_HOST},
     * {@code APP_PORT_80_TCP}, ...): never config keys. A key of that name can still be set with CONFIG_INIT_MAP.
     */
    private static final java.util.regex.Pattern SERVICE_LINK =
            java.util.regex.Pattern.compile("SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT|PORT_\\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?");

    private static Map<String, String> sortedNaturally(Map<String, String> map) {
        Map<String, String> sorted = new TreeMap<>(KeyPaths.NATURAL);
        sorted.putAll(map);
        return sorted;
    }

    static boolean isServiceLink(String rest) {
        return SERVICE_LINK.matcher(rest).matches();
    }

    boolean deletes() {
        return Merge.DELETE.equals(value);
    }

    /**
     * Variables named {@code <prefix>Section__Key}, sorted by name so that the order never depends on
     * the environment's. Variables that CONFIG_INIT_MAP names are {@code excluded}: they are set once, where mapped.
     */
    static List<KeyOverride> fromPrefixedEnv(Map<String, String> env, String prefix, java.util.Set<String> excluded, List<String> problems) {
        List<KeyOverride> out = new ArrayList<>();
        if (prefix == null) {
            return out;
        }
        for (Map.Entry<String, String> e : sortedNaturally(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(prefix) || name.length() == prefix.length() || excluded.contains(name)
                    || isServiceLink(name.substring(prefix.length()))) {
                continue;
            }
            try {
                out.add(new KeyOverride("env " + name, KeyPaths.parseDoubleUnderscore(name.substring(prefix.length())), e.getValue(), false));
            } catch (IllegalArgumentException ex) {
                problems.add("env " + name + ": " + ex.getMessage() + " (expected Section__Key__0__Name)");
            }
        }
        return out;
    }

    /** CONFIG_INIT_MAP: a mapped variable that is not set is an error, not an empty string. */
    static List<KeyOverride> fromMappings(List<ConfigInitConfig.Mapping> mappings, Map<String, String> env, List<String> problems) {
        List<KeyOverride> out = new ArrayList<>();
        for (ConfigInitConfig.Mapping m : mappings) {
            String value = env.get(m.variable());
            if (value == null) {
                problems.add("CONFIG_INIT_MAP: " + m.key() + " is mapped from " + m.variable() + ", which is not set");
                continue;
            }
            out.add(new KeyOverride("env " + m.variable() + " (CONFIG_INIT_MAP)", KeyPaths.parseDotted(m.key()), value, false));
        }
        return out;
    }

    /** Secret files by name ({@code Database__Password}); one trailing newline is dropped, as `echo` adds one. */
    static List<KeyOverride> fromSecretFiles(Map<String, String> files, List<String> problems) {
        List<KeyOverride> out = new ArrayList<>();
        for (Map.Entry<String, String> e : sortedNaturally(files).entrySet()) {
            String content = e.getValue();
            if (content.endsWith("\n")) {
                content = content.substring(0, content.length() - 1);
            }
            try {
                out.add(new KeyOverride("secret file " + e.getKey(), KeyPaths.parseDoubleUnderscore(e.getKey()), content, true));
            } catch (IllegalArgumentException ex) {
                problems.add("secret file " + e.getKey() + ": " + ex.getMessage());
            }
        }
        return out;
    }
}
