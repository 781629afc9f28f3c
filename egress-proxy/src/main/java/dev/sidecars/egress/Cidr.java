package dev.sidecars.egress;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/** A CIDR range. IPv4 ranges never match IPv6 addresses and vice versa (no implicit ::ffff: mapping). */
record Cidr(InetAddress network, int prefix) {

    private static final String EXPECTED = " (expected: an address/prefix such as 10.96.0.0/12)";

    Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix must be 0-" + bits);
        }
        if (!isNetwork(network.getAddress(), prefix)) {
            throw new IllegalArgumentException("host bits set");
        }
    }

    /** "10.0.0.0/8", "fd00::/8". Addresses are parsed as strictly as request hosts. */
    static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing CIDR" + EXPECTED);
        }
        String quoted = "\"" + text + "\"";
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(quoted + " has no /prefix" + EXPECTED);
        }
        String address = text.substring(0, slash);
        byte[] bytes = address.indexOf(':') >= 0 ? IpLiterals.parseIpv6(address) : IpLiterals.parseIpv4(address);
        if (bytes == null) {
            throw new IllegalArgumentException(quoted + " is not a CIDR range" + EXPECTED);
        }
        String prefixText = text.substring(slash + 1);
        int bits = bytes.length * 8;
        if (prefixText.isEmpty() || prefixText.length() > 3 || (prefixText.length() > 1 && prefixText.charAt(0) == '0')
                || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(prefixText) > bits) {
            throw new IllegalArgumentException(quoted + " has a bad prefix length, expected 0-" + bits + EXPECTED);
        }
        int prefix = Integer.parseInt(prefixText);
        if (!isNetwork(bytes, prefix)) {
            throw new IllegalArgumentException(quoted + " has host bits set (did you mean "
                    + IpLiterals.format(IpLiterals.toAddress(mask(bytes, prefix))) + "/" + prefix + "?)" + EXPECTED);
        }
        return new Cidr(IpLiterals.toAddress(bytes), prefix);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] base = network.getAddress();
        if (candidate.length != base.length) {
            return false;
        }
        return Arrays.equals(mask(candidate, prefix), base);
    }

    /** "10.0.0.0/8", IPv6 compressed. */
    String text() {
        return IpLiterals.format(network) + "/" + prefix;
    }

    private static boolean isNetwork(byte[] bytes, int prefix) {
        return Arrays.equals(bytes, mask(bytes, prefix));
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }
}
