package dev.sidecars.common.env;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A listen or target address written {@code host:port}, {@code :port} (all interfaces) or
 * {@code [::1]:port}. Port 0 asks the kernel for a free port (tests use it).
 */
public record HostPort(String host, int port) {

    public static final String FORMAT = "host:port, :port or [ipv6]:port, port 0-65535";

    private static final Pattern HOSTNAME =
            Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("(?i)[0-9a-f:.]+(%[a-z0-9]+)?");

    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    public static HostPort parse(String text) {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("has no port");
        }
        String hostPart = s.substring(0, colon);
        int port = parsePort(s.substring(colon + 1));
        if (hostPart.isEmpty()) {
            return new HostPort("0.0.0.0", port);
        }
        if (hostPart.startsWith("[") && hostPart.endsWith("]")) {
            String v6 = hostPart.substring(1, hostPart.length() - 1);
            if (!v6.contains(":") || !IPV6.matcher(v6).matches() || !isValidIpLiteral(v6)) {
                throw new IllegalArgumentException("\"" + v6 + "\" is not an IPv6 address");
            }
            return new HostPort(v6, port);
        }
        if (hostPart.contains(":") || hostPart.contains("[") || hostPart.contains("]")) {
            throw new IllegalArgumentException("an IPv6 address must be written in brackets, e.g. [::1]:8080");
        }
        if (hostPart.chars().allMatch(c -> Character.isDigit(c) || c == '.') && !IPV4.matcher(hostPart).matches()) {
            throw new IllegalArgumentException("\"" + hostPart + "\" is not a dotted-quad IPv4 address");
        }
        if (!HOSTNAME.matcher(hostPart).matches()) {
            throw new IllegalArgumentException("\"" + hostPart + "\" is not a host name or IP address");
        }
        return new HostPort(hostPart.toLowerCase(Locale.ROOT), port);
    }

    /** Parses the literal without a name lookup: the pattern alone lets through {@code :::::}. */
    private static boolean isValidIpLiteral(String literal) {
        try {
            InetAddress.ofLiteral(literal);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("\"" + text + "\" is not a port number");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
        return port;
    }

    /** True when the host is a loopback literal or {@code localhost}: such a listener is private to the pod. */
    public boolean isLoopback() {
        if (host.equals("localhost") || host.equals("localhost.")) {
            return true;
        }
        if (!isIpLiteral()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public boolean isIpLiteral() {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
