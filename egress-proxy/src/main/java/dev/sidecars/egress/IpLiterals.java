package dev.sidecars.egress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict parsing and canonical printing of IP literals. The JDK's {@code InetAddress.getByName}
 * accepts {@code 2130706433}, {@code 0177.0.0.1}-style and zone-id forms and may fall back to DNS, so
 * literals are parsed here and only finished bytes are handed to {@code getByAddress}.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** Dotted-quad only: exactly 4 decimal parts 0-255 without leading zeros; else null. */
    static byte[] parseIpv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (part == 4) {
                    return null;
                }
                int value = decimalOctet(text, start, i);
                if (value < 0) {
                    return null;
                }
                bytes[part++] = (byte) value;
                start = i + 1;
            }
        }
        return part == 4 ? bytes : null;
    }

    private static int decimalOctet(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    /**
     * RFC 4291 text form: 8 groups of 1-4 hex digits, at most one "::", an optional dotted-quad tail;
     * no zone id, no brackets. Returns 16 bytes or null.
     */
    static byte[] parseIpv6(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        int gap = text.indexOf("::");
        // a dotted-quad tail must be last, so never before the "::"
        if (gap >= 0 && (text.indexOf("::", gap + 1) >= 0 || text.lastIndexOf('.', gap) >= 0)) {
            return null;
        }
        int[] head = gap < 0 ? groups(text) : groups(text.substring(0, gap));
        int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int explicit = head.length + tail.length;
        if (gap < 0 ? explicit != 16 : explicit > 14) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            bytes[i] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            bytes[16 - tail.length + i] = (byte) tail[i];
        }
        return bytes;
    }

    /** Bytes of colon-separated groups (empty text: none); an IPv4 tail only as the very last part. */
    private static int[] groups(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        boolean ipv4Tail = parts[parts.length - 1].indexOf('.') >= 0;
        int[] bytes = new int[parts.length * 2 + (ipv4Tail ? 2 : 0)];
        int n = 0;
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (ipv4Tail && p == parts.length - 1) {
                byte[] v4 = parseIpv4(part);
                if (v4 == null) {
                    return null;
                }
                for (byte b : v4) {
                    bytes[n++] = b & 0xff;
                }
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int i = 0; i < part.length(); i++) {
                int digit = Character.digit(part.charAt(i), 16);
                if (digit < 0 || part.charAt(i) > 'f') {
                    return null;
                }
                value = value * 16 + digit;
            }
            bytes[n++] = value >> 8;
            bytes[n++] = value & 0xff;
        }
        int[] result = new int[n];
        System.arraycopy(bytes, 0, result, 0, n);
        return result;
    }

    /** IPv4 from 4 bytes, IPv6 from 16 bytes kept as IPv6 (getByAddress would turn ::ffff:a.b.c.d into IPv4). */
    static InetAddress toAddress(byte[] bytes) {
        try {
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + bytes.length, e);
        }
    }

    /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed, ::ffff:a.b.c.d). */
    static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return "::ffff:" + (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
