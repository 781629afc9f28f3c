package dev.sidecars.egress;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The outcome of one check. The reason is a kebab-case code (a metric label and the
 * X-Egress-Denied header value, so a small fixed set); the detail is for humans and logs.
 */
record Decision(boolean allowed, String reason, String detail, String matchedEntry) {

    static final String ALLOWED = "allowed";
    static final String ROUTE = "route";
    static final String NOT_ALLOWED = "not-allowed";
    static final String PORT_NOT_ALLOWED = "port-not-allowed";
    static final String DENIED_ADDRESS = "denied-address";
    static final String INVALID_TARGET = "invalid-target";

    private static final Pattern KEBAB = Pattern.compile("[a-z]+(-[a-z]+)*");

    Decision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (!KEBAB.matcher(reason).matches()) {
            throw new IllegalArgumentException("reason must be kebab-case: " + reason);
        }
    }

    /** Allowed by an allow-list entry (the normalised entry, a bounded metric label). */
    static Decision allow(String matchedEntry) {
        return new Decision(true, ALLOWED, "allowed by " + matchedEntry, matchedEntry);
    }

    /** Allowed because the request uses a configured route; routes are allowed by construction. */
    static Decision route(Routes.Route route) {
        return new Decision(true, ROUTE, "route " + route.local() + " -> " + route.upstreamUrl(), route.local());
    }

    static Decision deny(String reason, String detail) {
        return new Decision(false, reason, detail, null);
    }
}
