package dev.sidecars.adapter;

import java.util.regex.Pattern;

/**
 * The app's own Prometheus text, filtered: families kept when their name matches {@code allow} (if
 * given) and not {@code deny}, every name prefixed. Pure. A sample belongs to the family of the
 * last {@code # TYPE}/{@code # HELP} line when its name starts with that family's name (histogram
 * {@code _bucket}, {@code _sum}, {@code _count}), else to a family of its own name.
 */
final class PromTextFilter {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final Pattern allow;
    private final Pattern deny;
    private final String prefix;

    PromTextFilter(Pattern allow, Pattern deny, String prefix) {
        this.allow = allow;
        this.deny = deny;
        this.prefix = prefix == null ? "" : prefix;
    }

    boolean keeps(String family) {
        return (allow == null || allow.matcher(family).matches()) && (deny == null || !deny.matcher(family).matches());
    }

    String filter(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String family = null;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("#")) {
                String[] parts = l.split("[ \t]+", 4);
                if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE")) && NAME.matcher(parts[2]).matches()) {
                    family = parts[2];
                    if (keeps(family)) {
                        out.append("# ").append(parts[1]).append(' ').append(prefix).append(family);
                        if (parts.length == 4) {
                            out.append(' ').append(parts[3]);
                        }
                        out.append('\n');
                    }
                }
                continue; // other comments, # EOF included, are not passed on
            }
            int end = 0;
            while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ' && l.charAt(end) != '\t') {
                end++;
            }
            String name = l.substring(0, end);
            if (!NAME.matcher(name).matches()) {
                continue;
            }
            String owner = family != null && name.startsWith(family) ? family : name;
            if (keeps(owner)) {
                out.append(prefix).append(l).append('\n');
            }
        }
        return out.toString();
    }
}
