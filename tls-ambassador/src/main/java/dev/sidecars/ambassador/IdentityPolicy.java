package dev.sidecars.ambassador;

import java.util.List;
import java.util.Locale;

/**
 * Which verified client identities may connect. With no allow-list every client the TLS layer
 * accepted passes; with any, the client must match at least one entry of any list (CN, DNS SAN or
 * URI SAN). Pure: checked after every handshake, full or resumed.
 */
record IdentityPolicy(List<String> commonNames, List<String> dnsNames, List<UriPattern> uris) {

    /** The outcome, with the reason that is logged and used as the denial metric's tag. */
    record Decision(boolean allowed, String reason) {
        static Decision allow(String reason) {
            return new Decision(true, reason);
        }

        static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }

    IdentityPolicy {
        commonNames = List.copyOf(commonNames);
        dnsNames = List.copyOf(dnsNames);
        uris = List.copyOf(uris);
    }

    static IdentityPolicy open() {
        return new IdentityPolicy(List.of(), List.of(), List.of());
    }

    boolean isOpen() {
        return commonNames.isEmpty() && dnsNames.isEmpty() && uris.isEmpty();
    }

    Decision check(PeerIdentity peer) {
        if (isOpen()) {
            return Decision.allow(peer.present() ? "verified" : "no_allow_list");
        }
        if (!peer.present()) {
            return Decision.deny("no_client_certificate");
        }
        if (peer.commonName() != null && commonNames.contains(peer.commonName())) {
            return Decision.allow("cn");
        }
        for (String name : peer.dnsNames()) {
            if (dnsNames.stream().anyMatch(allowed -> dnsMatches(allowed, name))) {
                return Decision.allow("dns_san");
            }
        }
        for (String uri : peer.uris()) {
            if (uris.stream().anyMatch(p -> p.matches(uri))) {
                return Decision.allow("uri_san");
            }
        }
        return Decision.deny("identity_not_allowed");
    }

    /** Exact (case-insensitive) or {@code *.suffix} matching exactly one more label, as in certificates. */
    static boolean dnsMatches(String allowed, String name) {
        String a = allowed.toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        if (a.startsWith("*.")) {
            String suffix = a.substring(1);
            return n.endsWith(suffix) && n.length() > suffix.length() && n.indexOf('.') == n.length() - suffix.length();
        }
        return a.equals(n);
    }
}
