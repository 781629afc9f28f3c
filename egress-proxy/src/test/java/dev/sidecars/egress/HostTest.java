package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HostTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com             | example.com
            EXAMPLE.COM.            | example.com
            Api.Example.Com         | api.example.com
            bücher.example          | xn--bcher-kva.example
            BÜCHER.example.         | xn--bcher-kva.example
            xn--bcher-kva.example   | xn--bcher-kva.example
            ｅｘａｍｐｌｅ.com          | example.com
            example。com             | example.com
            _dmarc.example.com      | _dmarc.example.com
            localhost               | localhost
            a-b.c-d.example         | a-b.c-d.example
            0day.example            | 0day.example
            1.2.3.4a                | 1.2.3.4a
            numbers-api             | numbers-api
            """)
    void shouldNormaliseNames(String input, String expected) {
        Host host = Host.parse(input);
        assertEquals(new Host.Name(expected), host);
        assertEquals(expected, host.text());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1.2.3.4                      | 1.2.3.4
            0.0.0.0                      | 0.0.0.0
            255.255.255.255              | 255.255.255.255
            169.254.169.254              | 169.254.169.254
            10.0.0.1                     | 10.0.0.1
            """)
    void shouldParseCanonicalIpv4Literal(String input, String expected) {
        Host.Ip ip = assertInstanceOf(Host.Ip.class, Host.parse(input));
        assertInstanceOf(Inet4Address.class, ip.address());
        assertEquals(expected, ip.text());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ::1                          | ::1
            [::1]                        | ::1
            ::                           | ::
            [::]                         | ::
            1::                          | 1::
            2001:DB8:0:0:0:0:0:1         | 2001:db8::1
            2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1
            2001:db8:0:0:1:0:0:1         | 2001:db8::1:0:0:1
            2001:0:0:1:0:0:0:1           | 2001:0:0:1::1
            1:0:2:3:4:5:6:7              | 1:0:2:3:4:5:6:7
            fe80:0:0:0:0:0:0:1           | fe80::1
            [::ffff:127.0.0.1]           | ::ffff:127.0.0.1
            ::ffff:8.8.8.8               | ::ffff:8.8.8.8
            ::ffff:808:808               | ::ffff:8.8.8.8
            64:ff9b::8.8.8.8             | 64:ff9b::808:808
            ::1.2.3.4                    | ::102:304
            1:2:3:4:5:6:1.2.3.4          | 1:2:3:4:5:6:102:304
            1:2:3:4:5:6:7::              | 1:2:3:4:5:6:7:0
            """)
    void shouldParseIpv6LiteralKeepingIpv6Form(String input, String expected) {
        Host.Ip ip = assertInstanceOf(Host.Ip.class, Host.parse(input));
        // ::ffff:a.b.c.d must stay IPv6 so that the mapped range can be denied as a whole
        assertInstanceOf(Inet6Address.class, ip.address());
        assertEquals(expected, ip.text());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            2130706433
            0x7f000001
            0X7F000001
            0x7f.1
            0x7f.0.0.1
            0177.0.0.1
            127.1
            127.0.1
            127.0.0.1.
            127.0.0.1..
            1.2.3
            1.2.3.4.5
            256.1.1.1
            1.2.3.256
            01.2.3.4
            1.2.3.04
            1.2.3.00
            1000.2.3.4
            a.123
            example.0x10
            ４.３.２.１
            １２７.０.０.１
            ::ffff:0177.0.0.1
            ::ffff:127.1
            ::1.2.3
            ::256.0.0.0
            1.2.3.4::
            1.2.3.4::1
            """)
    void shouldRejectNonCanonicalIpLiteral(String input) {
        assertThrows(IllegalArgumentException.class, () -> Host.parse(input));
    }

    static Stream<String> invalidHosts() {
        return Stream.of("", "a..b", "-a.com", "a-.com", "a.-b.com", "a.com..", ".", "..", ".a.com",
                "exa mple.com", " a.com", "a.com ", "a\tb", "a\nb", "a/b", "a@b", "a%2fb", "a:b@c", "*.a.com", "*",
                "a*.com", "a!b.com", "a.com:80", "[example.net]", "[[example.net]]", "[[::1]]", "example.net]",
                "[::1", "::1]", "[]", "[", "]", "[1.2.3.4]", "::1%eth0", "[::1%eth0]", "fe80::1%25eth0", ":::", ":1",
                "1:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "12345::", "::g", "::-1", "::+1", "::１",
                "x".repeat(64) + ".com", ("a".repeat(62) + ".").repeat(4) + "abcd", "\u0000", "a\u00a0b");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("invalidHosts")
    void shouldRejectInvalidHost(String input) {
        assertThrows(IllegalArgumentException.class, () -> Host.parse(input));
    }

    @Test
    void shouldAcceptLongestValidName() {
        String name = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61); // 253 characters
        assertEquals(253, name.length());
        assertEquals(name, Host.parse(name + ".").text());
        assertThrows(IllegalArgumentException.class, () -> Host.parse(name + "a"));
    }

    @Test
    void shouldRejectNull() {
        assertThrows(IllegalArgumentException.class, () -> Host.parse(null));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            Example.com
            example.com.
            bücher.example
            a..b
            ''
            """)
    void shouldRejectNonNormalisedNameInRecord(String ascii) {
        assertThrows(IllegalArgumentException.class, () -> new Host.Name(ascii));
    }
}
