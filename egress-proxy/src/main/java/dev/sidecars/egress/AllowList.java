package dev.sidecars.egress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EGRESS_ALLOW entries: an exact host, or "*.suffix" (any deeper name, not the apex: allowing
 * "*.example.com" should not silently allow "example.com"), each with an optional ":port".
 * IP literals are exact entries, compared as addresses.
 */
final class AllowList {

    private static final String EXPECTED = " is not a host[:port] (expected: host, *.suffix or host:port)";
    private static final int ANY_DEFAULT_PORT = 0;

    /** One normalised entry; port 0 means "the default ports of the request kind". */
    private record Entry(Host host, boolean wildcard, int port, String text) {
    }

    private static final AllowList EMPTY = new AllowList(List.of());

    /** Exact entries by host; wildcard entries by their suffix name (without "*."). */
    private final Map<Host, List<Entry>> exact = new LinkedHashMap<>();
    private final Map<String, List<Entry>> wildcard = new LinkedHashMap<>();
    private final List<Entry> entries;

    private AllowList(List<Entry> entries) {
        Set<String> seen = new LinkedHashSet<>();
        List<Entry> distinct = new ArrayList<>();
        for (Entry entry : entries) {
            if (seen.add(entry.text())) {
                distinct.add(entry);
                if (entry.wildcard()) {
                    wildcard.computeIfAbsent(entry.host().text(), k -> new ArrayList<>()).add(entry);
                } else {
                    exact.computeIfAbsent(entry.host(), k -> new ArrayList<>()).add(entry);
                }
            }
        }
        this.entries = List.copyOf(distinct);
    }

    static AllowList empty() {
        return EMPTY;
    }

    /** Throws {@link InvalidEntries} naming every bad entry. */
    static AllowList parse(List<String> entries) {
        List<Entry> parsed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String entry : entries) {
            try {
                parsed.add(parseEntry(entry));
            } catch (IllegalArgumentException e) {
                problems.add("\"" + entry + "\"" + EXPECTED);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEntries(problems);
        }
        return new AllowList(parsed);
    }

    /** One entry per line; '#' starts a comment; blank lines are ignored; errors name the line. */
    static AllowList parseFile(String content) {
        List<Entry> parsed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String entry = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                parsed.add(parseEntry(entry));
            } catch (IllegalArgumentException e) {
                problems.add("line " + (i + 1) + ": \"" + entry + "\"" + EXPECTED);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEntries(problems);
        }
        return new AllowList(parsed);
    }

    private static Entry parseEntry(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("null entry");
        }
        String text = raw.strip();
        boolean isWildcard = text.startsWith("*.");
        Authority.Split split = Authority.split(isWildcard ? text.substring(2) : text);
        Host host = Host.parse(split.host());
        int port = split.port() == null ? ANY_DEFAULT_PORT : Authority.parsePort(split.port());
        if (isWildcard && !(host instanceof Host.Name)) {
            throw new IllegalArgumentException("a wildcard needs a name suffix");
        }
        String normalised = (isWildcard ? "*." : "") + Authority.hostText(host) + (port == ANY_DEFAULT_PORT ? "" : ":" + port);
        return new Entry(host, isWildcard, port, normalised);
    }

    /**
     * The entry that allows host:port, or null. An entry without a port allows only defaultPorts
     * (80 for plain HTTP, the CONNECT ports for tunnels); an entry with a port allows exactly that
     * port. Exact entries win over wildcards, and deeper wildcards over shallower ones.
     */
    String match(Host host, int port, Set<Integer> defaultPorts) {
        Entry found = best(exact.get(host), port, defaultPorts);
        if (found == null && host instanceof Host.Name name) {
            String suffix = name.ascii();
            for (int dot = suffix.indexOf('.'); dot >= 0 && found == null; dot = suffix.indexOf('.')) {
                suffix = suffix.substring(dot + 1);
                found = best(wildcard.get(suffix), port, defaultPorts);
            }
        }
        return found == null ? null : found.text();
    }

    /** Whether any entry names this host, whatever the port: tells "port-not-allowed" from "not-allowed". */
    boolean allowsHost(Host host) {
        if (exact.containsKey(host)) {
            return true;
        }
        if (host instanceof Host.Name name) {
            String suffix = name.ascii();
            for (int dot = suffix.indexOf('.'); dot >= 0; dot = suffix.indexOf('.')) {
                suffix = suffix.substring(dot + 1);
                if (wildcard.containsKey(suffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A port-specific entry is preferred to a default-ports one, so the label says why. */
    private static Entry best(List<Entry> candidates, int port, Set<Integer> defaultPorts) {
        if (candidates == null) {
            return null;
        }
        Entry byDefault = null;
        for (Entry entry : candidates) {
            if (entry.port() == port) {
                return entry;
            }
            if (entry.port() == ANY_DEFAULT_PORT && defaultPorts.contains(port) && byDefault == null) {
                byDefault = entry;
            }
        }
        return byDefault;
    }

    int size() {
        return entries.size();
    }

    /** The normalised entries, in input order without duplicates (for the start-up log). */
    List<String> entries() {
        return entries.stream().map(Entry::text).toList();
    }

    /** env entries + file entries. */
    AllowList plus(AllowList other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new AllowList(all);
    }

    @Override
    public String toString() {
        return "AllowList" + entries();
    }
}
