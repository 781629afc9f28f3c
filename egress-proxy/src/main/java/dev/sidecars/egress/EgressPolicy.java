package dev.sidecars.egress;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/**
 * Name-level then address-level checks, pure and without I/O: the server asks checkTarget before
 * resolving, then checkAddress for each resolved address, and dials the address it checked (so a
 * second DNS answer cannot swap in a private address).
 */
final class EgressPolicy {

    /** Plain HTTP: an entry without a port allows only port 80. */
    static final Set<Integer> HTTP_PORTS = Set.of(80);

    private final AllowList allowList;
    private final AddressPolicy addresses;
    private final Set<Integer> connectPorts;

    EgressPolicy(AllowList allowList, AddressPolicy addresses, Set<Integer> connectPorts) {
        this.allowList = Objects.requireNonNull(allowList, "allowList");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.connectPorts = Set.copyOf(connectPorts);
        if (this.connectPorts.isEmpty() || this.connectPorts.stream().anyMatch(p -> p < 1 || p > 65535)) {
            throw new IllegalArgumentException("CONNECT ports must be a non-empty set of ports 1-65535");
        }
    }

    /**
     * Before DNS: is host:port on the allow-list for this kind of request (connect=true for CONNECT
     * tunnels, false for plain HTTP)? IP literals are also checked against the denied ranges here,
     * since no lookup will happen for them.
     */
    Decision checkTarget(Authority target, boolean connect) {
        Set<Integer> defaultPorts = connect ? connectPorts : HTTP_PORTS;
        String entry = allowList.match(target.host(), target.port(), defaultPorts);
        if (entry == null) {
            if (allowList.allowsHost(target.host())) {
                return Decision.deny(Decision.PORT_NOT_ALLOWED, (connect ? "CONNECT" : "HTTP") + " to port "
                        + target.port() + " of " + target.host().text() + " is not allowed (allowed without an explicit port: "
                        + defaultPorts.stream().sorted().toList() + ")");
            }
            return Decision.deny(Decision.NOT_ALLOWED, target.host().text() + " is not in the allow-list");
        }
        if (target.host() instanceof Host.Ip ip) {
            Decision address = checkAddress(ip.address());
            if (!address.allowed()) {
                return address;
            }
        }
        return Decision.allow(entry);
    }

    /** After DNS (and for IP literals): may this address be dialled? */
    Decision checkAddress(InetAddress resolved) {
        String range = addresses.deniedRange(resolved);
        if (range != null) {
            return Decision.deny(Decision.DENIED_ADDRESS, IpLiterals.format(resolved) + " is in the denied range " + range);
        }
        return new Decision(true, Decision.ALLOWED, IpLiterals.format(resolved) + " may be dialled", null);
    }

    /** For a reload of the allow-list file: same address policy and ports. */
    EgressPolicy withAllowList(AllowList replacement) {
        return new EgressPolicy(replacement, addresses, connectPorts);
    }

    AllowList allowList() {
        return allowList;
    }

    Set<Integer> connectPorts() {
        return connectPorts;
    }
}
