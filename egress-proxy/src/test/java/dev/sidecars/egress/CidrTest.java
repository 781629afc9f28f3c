package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    private static InetAddress ip(String text) {
        return ((Host.Ip) Host.parse(text)).address();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8          | 10.0.0.0/8
            10.96.0.0/12        | 10.96.0.0/12
            0.0.0.0/0           | 0.0.0.0/0
            1.2.3.4/32          | 1.2.3.4/32
            fd00::/8            | fd00::/8
            FD00:0:0::/8        | fd00::/8
            ::/0                | ::/0
            ::ffff:0:0/96       | ::ffff:0.0.0.0/96
            2001:db8::1/128     | 2001:db8::1/128
            """)
    void shouldParseCidr(String input, String expected) {
        assertEquals(expected, Cidr.parse(input).text());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0
            10.0.0.0/
            10.0.0.0/33
            10.0.0.0/-1
            10.0.0.0/+8
            10.0.0.0/08
            10.0.0.0/8/8
            10.0.0.0/8x
            10.0.0.1/8
            010.0.0.0/8
            10.0/8
            167772160/8
            example.com/8
            [fd00::]/8
            fd00::/129
            fd00::1/8
            fd00::%eth0/8
            /8
            ''
            """)
    void shouldRejectInvalidCidr(String input) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(input));
        assertTrue(e.getMessage().endsWith("(expected: an address/prefix such as 10.96.0.0/12)"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.1/8  | 10.0.0.0/8
            fd00::1/8   | fd00::/8
            """)
    void shouldSuggestNetworkWhenHostBitsAreSet(String input, String suggestion) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(input));
        assertTrue(e.getMessage().contains("did you mean " + suggestion + "?"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.96.0.0/12    | 10.96.0.0         | true
            10.96.0.0/12    | 10.111.255.255    | true
            10.96.0.0/12    | 10.95.255.255     | false
            10.96.0.0/12    | 10.112.0.0        | false
            0.0.0.0/0       | 203.0.113.9       | true
            0.0.0.0/0       | ::1               | false
            0.0.0.0/0       | ::ffff:1.2.3.4    | false
            ::/0            | 1.2.3.4           | false
            ::/0            | ::ffff:1.2.3.4    | true
            ::ffff:0:0/96   | 1.2.3.4           | false
            fd00::/8        | fd12:3456::1      | true
            fd00::/8        | fc00::1           | false
            1.2.3.4/32      | 1.2.3.4           | true
            1.2.3.4/32      | 1.2.3.5           | false
            """)
    void shouldMatchOnlyItsOwnFamily(String cidr, String address, boolean expected) {
        assertEquals(expected, Cidr.parse(cidr).contains(ip(address)));
    }
}
