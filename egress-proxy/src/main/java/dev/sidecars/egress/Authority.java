package dev.sidecars.egress;

import java.util.Objects;

/** host:port of a request-target, Host header or CONNECT target. */
record Authority(Host host, int port) {

    Authority {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535");
        }
    }

    /** "example.com", "example.com:8080", "[::1]:443", "1.2.3.4:80"; defaultPort when there is no port. */
    static Authority parse(String authority, int defaultPort) {
        Split split = split(authority);
        return new Authority(Host.parse(split.host()), split.port() == null ? defaultPort : parsePort(split.port()));
    }

    /** For CONNECT: the port is required (RFC 9110 authority-form). */
    static Authority parseConnectTarget(String authority) {
        Split split = split(authority);
        if (split.port() == null) {
            throw new IllegalArgumentException("CONNECT target needs a port (host:port)");
        }
        return new Authority(Host.parse(split.host()), parsePort(split.port()));
    }

    /** Host text + ":" + port, IPv6 bracketed. */
    String text() {
        return hostText(host) + ":" + port;
    }

    /** The host as it appears in an authority or URL: IPv6 in brackets. */
    static String hostText(Host host) {
        String text = host.text();
        return text.indexOf(':') >= 0 ? "[" + text + "]" : text;
    }

    /** The raw host and port parts of an authority; port is null when absent. */
    record Split(String host, String port) {
    }

    /**
     * Splits without interpreting. Refuses what request-smuggling and SSRF bypasses rely on:
     * userinfo, percent-encoding, whitespace, unbracketed IPv6 (is "::1:80" a port or a group?).
     */
    static Split split(String authority) {
        if (authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        for (int i = 0; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new IllegalArgumentException("contains whitespace or control characters");
            }
        }
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("userinfo (@) is not allowed");
        }
        if (authority.indexOf('%') >= 0) {
            throw new IllegalArgumentException("percent-encoding and zone ids are not allowed");
        }
        String host;
        String rest;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unbalanced brackets");
            }
            host = authority.substring(0, close + 1);
            rest = authority.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("unexpected text after ']'");
            }
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("IPv6 addresses must be in brackets, e.g. [::1]:443");
            }
            host = colon < 0 ? authority : authority.substring(0, colon);
            rest = colon < 0 ? "" : authority.substring(colon);
            if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
                throw new IllegalArgumentException("unbalanced brackets");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        return new Split(host, rest.isEmpty() ? null : rest.substring(1));
    }

    /** Decimal 1-65535, digits only: no sign, no leading zeros, nothing after. */
    static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || text.charAt(0) == '0'
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("port must be 1-65535 (digits only, no sign or leading zeros)");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535 (digits only, no sign or leading zeros)");
        }
        return port;
    }
}
