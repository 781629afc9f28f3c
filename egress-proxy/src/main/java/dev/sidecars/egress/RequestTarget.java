package dev.sidecars.egress;

import java.util.Locale;

import dev.sidecars.common.relay.Tunnel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Where a request is meant to go, read from the request-target alone (never from {@code Host}: when
 * the two disagree the request-target wins, and the forwarded {@code Host} is rewritten to match).
 */
sealed interface RequestTarget {

    /** {@code CONNECT host:port}: a byte tunnel. */
    record Tunnel(Authority authority) implements RequestTarget {
    }

    /** {@code GET http://host[:port]/path}: forwarded as {@code GET /path} to host:port. */
    record Forward(Authority authority, String pathAndQuery) implements RequestTarget {
    }

    /** A local URL that a route maps to an upstream (allowed by construction). */
    record Routed(Routes.Match match) implements RequestTarget {
    }

    /** Nothing to forward to: answered by the proxy with this status. */
    record Unusable(int status, String reason, String detail) implements RequestTarget {
    }

    static RequestTarget of(HttpRequest request, Routes routes) {
        String uri = request.uri();
        if (request.method().equals(HttpMethod.CONNECT)) {
            try {
                return new Tunnel(Authority.parseConnectTarget(uri));
            } catch (IllegalArgumentException e) {
                return new Unusable(400, "invalid-target", "CONNECT target \"" + uri + "\": " + e.getMessage());
            }
        }
        if (uri.startsWith("/")) {
            Routes.Match match = routes.match(uri);
            return match != null ? new Routed(match)
                    : new Unusable(404, "no-route", "no route for " + uri + " (a proxy request needs an absolute URL)");
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            return new Unusable(400, "invalid-target", "https URLs are tunnelled with CONNECT, not sent to the proxy in plain text");
        }
        if (!lower.startsWith("http://")) {
            return new Unusable(400, "invalid-target", "request-target \"" + uri + "\" is not an http URL");
        }
        String rest = uri.substring("http://".length());
        int end = firstOf(rest, "/?#");
        String authorityText = rest.substring(0, end);
        String pathAndQuery = end == rest.length() ? "/" : rest.substring(end);
        if (pathAndQuery.indexOf('#') >= 0) {
            return new Unusable(400, "invalid-target", "a request-target must not contain a fragment (#)");
        }
        if (pathAndQuery.startsWith("?")) {
            pathAndQuery = "/" + pathAndQuery;
        }
        Authority authority;
        try {
            authority = Authority.parse(authorityText, 80);
        } catch (IllegalArgumentException e) {
            return new Unusable(400, "invalid-target", "host \"" + authorityText + "\": " + e.getMessage());
        }
        if (routes.isLocalHost(authority.host())) {
            Routes.Match match = routes.match(pathAndQuery);
            if (match != null) {
                return new Routed(match);
            }
        }
        return new Forward(authority, pathAndQuery);
    }

    /** The {@code Host} header for an authority: the port only when it is not HTTP's default. */
    static String hostHeader(Authority authority) {
        if (authority.port() != 80) {
            return authority.text();
        }
        String host = authority.host().text();
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private static int firstOf(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
