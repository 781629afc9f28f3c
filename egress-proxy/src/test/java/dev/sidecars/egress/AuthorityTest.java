package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorityTest {

    @ParameterizedTest(name = "{0} (default {1}) -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com             | 80  | example.com:80
            example.com:8080        | 80  | example.com:8080
            EXAMPLE.COM.:443        | 80  | example.com:443
            example.com             | 443 | example.com:443
            [::1]:443               | 80  | [::1]:443
            [::1]                   | 80  | [::1]:80
            [2001:DB8::0:1]:8443    | 80  | [2001:db8::1]:8443
            [::ffff:127.0.0.1]      | 80  | [::ffff:127.0.0.1]:80
            1.2.3.4:80              | 443 | 1.2.3.4:80
            bücher.example:1        | 80  | xn--bcher-kva.example:1
            a.com:65535             | 80  | a.com:65535
            localhost               | 80  | localhost:80
            """)
    void shouldParseAuthority(String input, int defaultPort, String expected) {
        assertEquals(expected, Authority.parse(input, defaultPort).text());
    }

    /** The fuzz corpus: bracket games, unbracketed IPv6, bad ports, userinfo, encodings, whitespace. */
    static Stream<String> invalidAuthorities() {
        return Stream.of("", ":80", ":", "[[example.net]]", "[[example.net]]:80", "example.net]", "[example.net]",
                "[example.net]:80", "[1.2.3.4]:80", "::1:80", "::1", "2001:db8::1", "fe80::1:443", "[::1", "[::1]]",
                "[::1]x", "[::1]:", "[::1]80", "[::1]:80:80", "[]:80", "[", "]", "[::1%eth0]:80", "[::1%25eth0]:80",
                "2130706433", "2130706433:80", "0x7f000001", "0x7f.1:80", "0177.0.0.1", "127.1", "127.0.0.1.:80",
                "1.2.3", "256.1.1.1", "a..b", "-a.com", "a.com:", "a.com:0", "a.com:00", "a.com:080", "a.com:65536",
                "a.com:99999999999", "a.com:+80", "a.com:-80", "a.com:80x", "a.com:0x50", "a.com:8 0", "a.com: 80",
                "a.com:80:80", "a.com:١٢٣", "user@a.com", "user:pw@a.com", "@a.com", "a.com@evil.com", "a.com%2f",
                "a%2ecom", "%61.com", " a.com", "a.com ", "a.com\t", "a.com\r\n", "a.com\u0000", "a.com/", "a.com/x",
                "a.com?x", "a.com#x", "a.com\\x", "*.a.com", "http://a.com", "evil.com\u3000");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("invalidAuthorities")
    void shouldRejectInvalidAuthority(String input) {
        assertThrows(IllegalArgumentException.class, () -> Authority.parse(input, 80));
        assertThrows(IllegalArgumentException.class, () -> Authority.parseConnectTarget(input));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com:443         | example.com:443
            [::1]:22                | [::1]:22
            1.2.3.4:8443            | 1.2.3.4:8443
            """)
    void shouldParseConnectTarget(String input, String expected) {
        assertEquals(expected, Authority.parseConnectTarget(input).text());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            example.com
            [::1]
            1.2.3.4
            """)
    void shouldRequirePortForConnect(String input) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Authority.parseConnectTarget(input));
        assertEquals("CONNECT target needs a port (host:port)", e.getMessage());
    }

    @Test
    void shouldExplainUnbracketedIpv6() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Authority.parse("::1:80", 80));
        assertEquals("IPv6 addresses must be in brackets, e.g. [::1]:443", e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource({"0", "-1", "65536"})
    void shouldRejectPortOutOfRangeInRecord(int port) {
        assertThrows(IllegalArgumentException.class, () -> new Authority(Host.parse("a.com"), port));
    }
}
