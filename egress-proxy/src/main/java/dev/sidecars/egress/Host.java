package dev.sidecars.egress;

import java.net.InetAddress;
import java.util.Objects;

/** A destination host as the app wrote it: a DNS name (normalised) or an IP literal (parsed). */
sealed interface Host permits Host.Name, Host.Ip {

    /** A DNS name: lower case, no trailing dot, punycode for IDN, LDH labels (underscore allowed), at most 253 chars. */
    record Name(String ascii) implements Host {
        public Name {
            Objects.requireNonNull(ascii, "ascii");
            String problem = HostNames.problem(ascii);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }

        @Override
        public String text() {
            return ascii;
        }
    }

    /** An IP literal, parsed strictly; never the result of a DNS lookup of a name. */
    record Ip(InetAddress address) implements Host {
        public Ip {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String text() {
            return IpLiterals.format(address);
        }
    }

    /**
     * Parses a host as written (no port; IPv6 bracketed or not). Non-canonical IP literals are
     * refused rather than interpreted, because different resolvers interpret them differently.
     * Never touches DNS.
     */
    static Host parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (text.startsWith("[") || text.endsWith("]")) {
            if (text.length() < 2 || !text.startsWith("[") || !text.endsWith("]")) {
                throw new IllegalArgumentException("unbalanced brackets");
            }
            String inner = text.substring(1, text.length() - 1);
            byte[] v6 = inner.indexOf(':') >= 0 ? IpLiterals.parseIpv6(inner) : null;
            if (v6 == null) {
                throw new IllegalArgumentException(inner.indexOf('%') >= 0
                        ? "IPv6 zone ids are not allowed"
                        : "brackets must enclose an IPv6 address");
            }
            return new Ip(IpLiterals.toAddress(v6));
        }
        if (text.indexOf(':') >= 0) {
            byte[] v6 = IpLiterals.parseIpv6(text);
            if (v6 == null) {
                throw new IllegalArgumentException(text.indexOf('%') >= 0 ? "IPv6 zone ids are not allowed"
                        : text.indexOf(':') == text.lastIndexOf(':') ? "unexpected ':' (a port does not belong here)"
                        : "not a valid IPv6 address");
            }
            return new Ip(IpLiterals.toAddress(v6));
        }
        String ascii = HostNames.toAscii(text);
        // WHATWG rule: a host whose last label is numeric is an IPv4 attempt, so it must be a
        // canonical dotted quad as written (this refuses 2130706433, 0x7f.1, 127.1, 1.2.3.4. ...).
        if (HostNames.endsInNumber(ascii)) {
            byte[] v4 = IpLiterals.parseIpv4(text);
            if (v4 == null) {
                throw new IllegalArgumentException("not a canonical IPv4 address (expected four decimal parts 0-255, e.g. 192.0.2.1)");
            }
            return new Ip(IpLiterals.toAddress(v4));
        }
        return new Name(HostNames.normalise(ascii));
    }

    /** Canonical text for logs and headers: the ASCII name, or the IP (IPv6 compressed, no brackets). */
    String text();
}
