package dev.sidecars.egress;

import java.net.InetAddress;
import java.util.List;

/**
 * Which resolved addresses may be dialled. Classifies parsed addresses, never strings: a name that
 * resolves into a private range is as dangerous as the literal. Like smokescreen, every address that
 * is not plainly public is denied unless EGRESS_ALLOW_CIDRS opens its range.
 */
final class AddressPolicy {

    private record Range(Cidr cidr, String name) {
    }

    /** First match wins, so narrower ranges come before the ranges that contain them. */
    private static final List<Range> DENIED = List.of(
            range("0.0.0.0/32", "unspecified 0.0.0.0"),
            range("0.0.0.0/8", "this network 0.0.0.0/8"),
            range("10.0.0.0/8", "private 10.0.0.0/8"),
            range("100.64.0.0/10", "CGNAT 100.64.0.0/10"),
            range("127.0.0.0/8", "loopback 127.0.0.0/8"),
            range("169.254.0.0/16", "link-local 169.254.0.0/16 (cloud metadata)"),
            range("172.16.0.0/12", "private 172.16.0.0/12"),
            range("192.0.0.0/24", "IETF protocol assignments 192.0.0.0/24"),
            range("192.0.2.0/24", "documentation 192.0.2.0/24"),
            range("192.88.99.0/24", "6to4 relay anycast 192.88.99.0/24 (deprecated)"),
            range("192.168.0.0/16", "private 192.168.0.0/16"),
            range("198.18.0.0/15", "benchmarking 198.18.0.0/15"),
            range("198.51.100.0/24", "documentation 198.51.100.0/24"),
            range("203.0.113.0/24", "documentation 203.0.113.0/24"),
            range("224.0.0.0/4", "multicast 224.0.0.0/4"),
            range("255.255.255.255/32", "broadcast 255.255.255.255"),
            range("240.0.0.0/4", "reserved 240.0.0.0/4"),

            range("::/128", "unspecified ::"),
            range("::1/128", "loopback ::1"),
            // IPv4 embedded in IPv6: the whole prefix, whatever the embedded address, as smokescreen does
            range("::ffff:0:0/96", "IPv4-mapped ::ffff:0:0/96"),
            range("::/96", "IPv4-compatible ::/96 (deprecated)"),
            range("::ffff:0:0:0/96", "IPv4-translated ::ffff:0:0:0/96"),
            range("64:ff9b::/96", "NAT64 64:ff9b::/96"),
            range("64:ff9b:1::/48", "NAT64 local-use 64:ff9b:1::/48"),
            range("2002::/16", "6to4 2002::/16"),
            range("2001::/32", "Teredo 2001::/32"),
            range("100::/64", "discard-only 100::/64"),
            range("2001:db8::/32", "documentation 2001:db8::/32"),
            range("fc00::/7", "IPv6 ULA fc00::/7"),
            range("fe80::/10", "IPv6 link-local fe80::/10"),
            range("fec0::/10", "IPv6 site-local fec0::/10 (deprecated)"),
            range("ff00::/8", "multicast ff00::/8"),
            // all public unicast is in 2000::/3; anything else is unassigned or special
            range("::/3", "IPv6 outside global unicast 2000::/3"),
            range("4000::/2", "IPv6 outside global unicast 2000::/3"),
            range("8000::/1", "IPv6 outside global unicast 2000::/3"));

    private final List<Cidr> allowed;

    /** EGRESS_ALLOW_CIDRS: these open a range (e.g. the cluster's Service CIDR), checked before the deny list. */
    AddressPolicy(List<Cidr> allowedCidrs) {
        this.allowed = List.copyOf(allowedCidrs);
    }

    /** Null when the address may be dialled, else the name of the denied range it falls in. */
    String deniedRange(InetAddress address) {
        for (Cidr cidr : allowed) {
            if (cidr.contains(address)) {
                return null;
            }
        }
        for (Range range : DENIED) {
            if (range.cidr().contains(address)) {
                return range.name();
            }
        }
        return null;
    }

    List<Cidr> allowedCidrs() {
        return allowed;
    }

    private static Range range(String cidr, String name) {
        return new Range(Cidr.parse(cidr), name);
    }
}
