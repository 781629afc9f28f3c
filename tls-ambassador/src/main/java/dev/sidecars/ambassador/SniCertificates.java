package dev.sidecars.ambassador;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which certificate a client gets for the name it sent in SNI: an exact DNS SAN first, then a
 * wildcard SAN ({@code *.example.com} covers exactly one more label, as RFC 6125 and browsers have it),
 * else the default (also for no SNI and for an IP address). When two certificates claim a name, the one
 * listed first wins. Pure: the values are SSL contexts in service, strings in tests.
 */
final class SniCertificates<T> {

    /** One certificate's names and what to serve for them. */
    record Entry<T>(List<String> names, T value) {
    }

    /** What was chosen and why: {@code exact}, {@code wildcard} or {@code default}. */
    record Choice<T>(T value, String match) {
    }

    private final T fallback;
    private final Map<String, T> exact = new HashMap<>();
    private final Map<String, T> wildcard = new HashMap<>(); // keyed by the suffix after "*."

    SniCertificates(T fallback, List<Entry<T>> entries) {
        this.fallback = fallback;
        for (Entry<T> e : entries) {
            for (String name : e.names()) {
                String n = normalize(name);
                if (n.startsWith("*.")) {
                    wildcard.putIfAbsent(n.substring(2), e.value());
                } else {
                    exact.putIfAbsent(n, e.value());
                }
            }
        }
    }

    Choice<T> select(String serverName) {
        if (serverName == null || serverName.isEmpty()) {
            return new Choice<>(fallback, "default");
        }
        String name = normalize(serverName);
        T hit = exact.get(name);
        if (hit != null) {
            return new Choice<>(hit, "exact");
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            hit = wildcard.get(name.substring(dot + 1));
            if (hit != null) {
                return new Choice<>(hit, "wildcard");
            }
        }
        return new Choice<>(fallback, "default");
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** The certificate's DNS subject alternative names (type 2); the CN is not a host name since RFC 6125. */
    static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("cannot read the subject alternative names of "
                    + certificate.getSubjectX500Principal().getName() + ": " + e.getMessage());
        }
        return names;
    }
}
