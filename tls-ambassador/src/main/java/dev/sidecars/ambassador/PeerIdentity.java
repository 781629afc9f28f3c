package dev.sidecars.ambassador;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Who the client is, as its verified certificate says; {@link #NONE} when it sent no certificate. */
record PeerIdentity(boolean present, String commonName, List<String> dnsNames, List<String> uris) {

    static final PeerIdentity NONE = new PeerIdentity(false, null, List.of(), List.of());

    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    static PeerIdentity of(X509Certificate cert) {
        List<String> dns = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == SAN_DNS) {
                        dns.add((String) san.get(1));
                    } else if (type == SAN_URI) {
                        uris.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A verified certificate with unparseable SANs matches no SAN allow-list entry.
        }
        return new PeerIdentity(true, commonName(cert), List.copyOf(dns), List.copyOf(uris));
    }

    private static String commonName(X509Certificate cert) {
        try {
            LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // no CN then
        }
        return null;
    }

    /** A short description for logs. */
    String describe() {
        if (!present) {
            return "no client certificate";
        }
        return "CN=" + commonName + (dnsNames.isEmpty() ? "" : " DNS=" + dnsNames) + (uris.isEmpty() ? "" : " URI=" + uris);
    }
}
