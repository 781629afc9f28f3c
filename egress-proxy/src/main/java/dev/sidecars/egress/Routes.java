package dev.sidecars.egress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * EGRESS_ROUTES, the URI map: a local prefix the app calls (http://localhost/api) to a real upstream
 * URL (http://numbers-api/rng), so the app's configuration only ever names localhost.
 */
final class Routes {

    private static final String EXPECTED = " (expected: local-URL=upstream-URL, e.g. http://localhost/api=http://numbers-api/rng)";

    /** local is the path prefix ("/api", "/" for everything); upstreamUrl is normalised. */
    record Route(String local, String upstreamUrl) {
    }

    record Match(Route route, Authority upstream, String upstreamPathAndQuery) {
    }

    /** A parsed route; prefix is "" for the root route so that every path starts with it. */
    private record Entry(Route route, String prefix, Authority upstream, String basePath) {
    }

    /** A URL split into its parts; path is "" or starts with '/', without a trailing '/'. */
    private record Url(String scheme, String authority, String path) {
    }

    private static final Routes NONE = new Routes(List.of());

    private final List<Entry> longestFirst;
    private final List<Route> routes;

    private Routes(List<Entry> entries) {
        this.routes = entries.stream().map(Entry::route).toList();
        this.longestFirst = entries.stream()
                .sorted(Comparator.comparingInt((Entry e) -> e.prefix().length()).reversed())
                .toList();
    }

    static Routes none() {
        return NONE;
    }

    /** Throws {@link InvalidEntries} naming every bad entry. */
    static Routes parse(List<String> entries) {
        List<Entry> parsed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> prefixes = new HashSet<>();
        for (String entry : entries) {
            try {
                Entry route = parseEntry(entry == null ? "" : entry.strip());
                if (!prefixes.add(route.prefix())) {
                    throw new IllegalArgumentException("another route already maps " + route.route().local());
                }
                parsed.add(route);
            } catch (IllegalArgumentException e) {
                problems.add("\"" + entry + "\" is not a route: " + e.getMessage() + EXPECTED);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEntries(problems);
        }
        return new Routes(parsed);
    }

    private static Entry parseEntry(String text) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("no '='");
        }
        Url local = parseUrl(text.substring(0, equals), "local URL");
        Url upstream = parseUrl(text.substring(equals + 1), "upstream URL");
        if (!local.scheme().equals("http")) {
            throw new IllegalArgumentException("the local URL must start with http:// (it is what the app calls through the proxy)");
        }
        Authority.Split localSplit = Authority.split(local.authority());
        if (localSplit.port() != null) {
            throw new IllegalArgumentException("the local URL must not have a port (routes match the path on any local port)");
        }
        if (!isLocal(Host.parse(localSplit.host()))) {
            throw new IllegalArgumentException("the local URL's host must be localhost, 127.0.0.1 or [::1]");
        }
        if (upstream.scheme().equals("https")) {
            throw new IllegalArgumentException("https upstreams are not supported yet (use an http:// upstream)");
        }
        if (!upstream.scheme().equals("http")) {
            throw new IllegalArgumentException("the upstream URL must start with http://");
        }
        Authority target = Authority.parse(upstream.authority(), 80);
        String upstreamUrl = "http://" + Authority.hostText(target.host())
                + (target.port() == 80 ? "" : ":" + target.port()) + upstream.path();
        Route route = new Route(local.path().isEmpty() ? "/" : local.path(), upstreamUrl);
        return new Entry(route, local.path(), target, upstream.path());
    }

    private static Url parseUrl(String text, String what) {
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException("the " + what + " needs a scheme, e.g. http://");
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = text.substring(schemeEnd + 3);
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("the " + what + " must not have a query or fragment");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("the " + what + " must not have userinfo (@)");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0)) {
                throw new IllegalArgumentException("the " + what + " has an unsupported character in its path"
                        + (c == '%' ? " (percent-encoding is not supported in routes)" : ""));
            }
        }
        if (hasDotSegment(path) || path.contains("//")) {
            throw new IllegalArgumentException("the " + what + " path must not have empty, '.' or '..' segments");
        }
        // "/api/" and "/api" are the same prefix: matching is by whole segments
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new Url(scheme, authority, path);
    }

    /** localhost, 127.0.0.1 or ::1: the hosts whose requests are candidates for routes. */
    boolean isLocalHost(Host host) {
        return isLocal(host);
    }

    static boolean isLocal(Host host) {
        return switch (host) {
            case Host.Name name -> name.ascii().equals("localhost");
            case Host.Ip ip -> ip.text().equals("127.0.0.1") || ip.text().equals("::1");
        };
    }

    /**
     * The longest route whose prefix matches pathAndQuery on a segment boundary (/api matches /api,
     * /api/, /api/x and /api?q, never /apix), or null. Paths with dot segments or encoded slashes
     * after the prefix never match: the upstream could normalise them out of the mapped prefix.
     */
    Match match(String pathAndQuery) {
        if (pathAndQuery == null || !pathAndQuery.startsWith("/") || pathAndQuery.indexOf('#') >= 0) {
            return null;
        }
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q);
        for (Entry entry : longestFirst) {
            String prefix = entry.prefix();
            if (!path.equals(prefix) && !path.startsWith(prefix + "/")) {
                continue;
            }
            String remainder = path.substring(prefix.length());
            if (!safeRemainder(remainder)) {
                return null;
            }
            String upstreamPath = entry.basePath() + remainder;
            return new Match(entry.route(), entry.upstream(), (upstreamPath.isEmpty() ? "/" : upstreamPath) + query);
        }
        return null;
    }

    private static boolean safeRemainder(String remainder) {
        String lower = remainder.toLowerCase(Locale.ROOT);
        return remainder.indexOf('\\') < 0 && !lower.contains("%2f") && !lower.contains("%5c")
                && !hasDotSegment(lower.replace("%2e", "."));
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    List<Route> all() {
        return routes;
    }
}
