package dev.sidecars.ambassador;

import java.util.List;
import java.util.Locale;

/**
 * A URI SAN pattern such as {@code spiffe://cluster/ns/search/*}: compared path segment by segment,
 * {@code *} matches exactly one non-empty segment and {@code **} (last only) one or more. Scheme and
 * authority (the trust domain) compare case-insensitively, the path exactly.
 */
record UriPattern(String text, String schemeAndAuthority, List<String> segments) {

    static UriPattern parse(String text) {
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException("is not an absolute URI like spiffe://trust-domain/path");
        }
        int pathStart = text.indexOf('/', schemeEnd + 3);
        String head = pathStart < 0 ? text : text.substring(0, pathStart);
        if (head.contains("*")) {
            throw new IllegalArgumentException("has a wildcard outside the path");
        }
        List<String> segments = pathStart < 0 ? List.of() : List.of(text.substring(pathStart + 1).split("/", -1));
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.contains("*") && !s.equals("*") && !s.equals("**")) {
                throw new IllegalArgumentException("has a partial wildcard \"" + s + "\"; use * or ** as a whole segment");
            }
            if (s.equals("**") && i != segments.size() - 1) {
                throw new IllegalArgumentException("has ** before the last segment");
            }
        }
        return new UriPattern(text, head.toLowerCase(Locale.ROOT), segments);
    }

    boolean matches(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd <= 0) {
            return false;
        }
        int pathStart = uri.indexOf('/', schemeEnd + 3);
        String head = pathStart < 0 ? uri : uri.substring(0, pathStart);
        if (!head.toLowerCase(Locale.ROOT).equals(schemeAndAuthority)) {
            return false;
        }
        List<String> actual = pathStart < 0 ? List.of() : List.of(uri.substring(pathStart + 1).split("/", -1));
        for (int i = 0; i < segments.size(); i++) {
            String want = segments.get(i);
            if (want.equals("**")) {
                return actual.size() > i && actual.subList(i, actual.size()).stream().noneMatch(String::isEmpty);
            }
            if (i >= actual.size()) {
                return false;
            }
            String got = actual.get(i);
            if (want.equals("*") ? got.isEmpty() : !want.equals(got)) {
                return false;
            }
        }
        return actual.size() == segments.size();
    }

    @Override
    public String toString() {
        return text;
    }
}
