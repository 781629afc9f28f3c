package dev.sidecars.common.env;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The variables of one image, all under one prefix. {@link #parse} reads them all, collects
 * every problem and throws one {@link ConfigException} listing them, so that the user fixes
 * the pod spec once instead of once per variable.
 */
public final class EnvSchema {

    /** Variables Kubernetes injects for every Service in the namespace (service links). */
    private static final Pattern SERVICE_LINK = Pattern.compile(".*_(PORT|PORT_.+|SERVICE_HOST|SERVICE_PORT.*)");

    private final String prefix;
    private final List<Setting<?>> settings;

    public EnvSchema(String prefix, List<Setting<?>> settings) {
        this.prefix = prefix;
        this.settings = List.copyOf(settings);
        Map<String, Setting<?>> seen = new HashMap<>();
        for (Setting<?> s : settings) {
            if (!s.name().startsWith(prefix)) {
                throw new IllegalArgumentException(s.name() + " does not start with " + prefix);
            }
            if (SERVICE_LINK.matcher(s.name()).matches()) {
                throw new IllegalArgumentException(s.name() + " would collide with Kubernetes service links");
            }
            if (seen.put(s.name(), s) != null) {
                throw new IllegalArgumentException(s.name() + " is declared twice");
            }
        }
    }

    public String prefix() {
        return prefix;
    }

    public List<Setting<?>> settings() {
        return settings;
    }

    public ParsedEnv parse(Map<String, String> env) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Map<Setting<?>, Boolean> fromEnv = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Setting<?> setting : settings) {
            String raw = env.get(setting.name());
            boolean set = raw != null && !raw.isBlank();
            fromEnv.put(setting, set);
            if (!set) {
                if (setting.required()) {
                    problems.add(setting.name() + ": is required but not set (expected: " + setting.type().expected() + ")");
                } else if (setting.defaultValue() != null) {
                    values.put(setting, setting.type().parse(setting.defaultValue()));
                }
                continue;
            }
            try {
                values.put(setting, setting.type().parse(raw.strip()));
            } catch (IllegalArgumentException e) {
                // A type's reason may quote the value or part of it (a list item, a host): never show it for a secret.
                String shown = setting.secret() ? "<redacted> is invalid" : "\"" + raw + "\" " + e.getMessage();
                problems.add(setting.name() + ": " + shown + " (expected: " + setting.type().expected() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ParsedEnv(values, fromEnv);
    }

    /**
     * Warnings for variables under this prefix that no setting declares, each naming the
     * closest declared variable: a typo in YAML is the most common misconfiguration.
     */
    public List<String> unknownVariables(Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith(prefix) || SERVICE_LINK.matcher(name).matches() || isDeclared(name)) {
                continue;
            }
            warnings.add("unknown variable " + name + " is ignored; did you mean " + closest(name) + "?");
        }
        return warnings;
    }

    private boolean isDeclared(String name) {
        return settings.stream().anyMatch(s -> s.name().equals(name));
    }

    private String closest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting<?> s : settings) {
            int d = editDistance(name, s.name());
            if (d < bestDistance) {
                best = s.name();
                bestDistance = d;
            }
        }
        return best;
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
