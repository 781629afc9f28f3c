package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPolicyTest {

    private static final AddressPolicy DEFAULTS = new AddressPolicy(List.of());

    private static InetAddress ip(String text) {
        return ((Host.Ip) Host.parse(text)).address();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "ALLOWED", textBlock = """
            8.8.8.8                     | ALLOWED
            1.1.1.1                     | ALLOWED
            100.63.255.255              | ALLOWED
            100.63.255.254              | ALLOWED
            100.64.0.0                  | CGNAT 100.64.0.0/10
            100.64.0.1                  | CGNAT 100.64.0.0/10
            100.127.255.255             | CGNAT 100.64.0.0/10
            100.128.0.0                 | ALLOWED
            100.128.0.1                 | ALLOWED
            169.254.169.254             | link-local 169.254.0.0/16 (cloud metadata)
            169.253.255.255             | ALLOWED
            169.255.0.0                 | ALLOWED
            9.255.255.255               | ALLOWED
            10.0.0.0                    | private 10.0.0.0/8
            10.255.255.255              | private 10.0.0.0/8
            11.0.0.0                    | ALLOWED
            172.15.255.255              | ALLOWED
            172.16.0.0                  | private 172.16.0.0/12
            172.31.255.255              | private 172.16.0.0/12
            172.32.0.0                  | ALLOWED
            192.167.255.255             | ALLOWED
            192.168.0.0                 | private 192.168.0.0/16
            192.168.255.255             | private 192.168.0.0/16
            192.169.0.0                 | ALLOWED
            127.0.0.1                   | loopback 127.0.0.0/8
            127.255.255.254             | loopback 127.0.0.0/8
            0.0.0.0                     | unspecified 0.0.0.0
            0.1.2.3                     | this network 0.0.0.0/8
            255.255.255.255             | broadcast 255.255.255.255
            255.255.255.254             | reserved 240.0.0.0/4
            240.0.0.1                   | reserved 240.0.0.0/4
            224.0.0.1                   | multicast 224.0.0.0/4
            239.255.255.255             | multicast 224.0.0.0/4
            223.255.255.255             | ALLOWED
            192.0.0.8                   | IETF protocol assignments 192.0.0.0/24
            192.0.2.1                   | documentation 192.0.2.0/24
            198.51.100.7                | documentation 198.51.100.0/24
            203.0.113.7                 | documentation 203.0.113.0/24
            198.18.0.1                  | benchmarking 198.18.0.0/15
            198.19.255.255              | benchmarking 198.18.0.0/15
            198.20.0.0                  | ALLOWED
            198.17.255.255              | ALLOWED
            192.88.99.1                 | 6to4 relay anycast 192.88.99.0/24 (deprecated)
            ::1                         | loopback ::1
            ::                          | unspecified ::
            fe80::1                     | IPv6 link-local fe80::/10
            febf:ffff::1                | IPv6 link-local fe80::/10
            fec0::1                     | IPv6 site-local fec0::/10 (deprecated)
            fd00::1                     | IPv6 ULA fc00::/7
            fc00::1                     | IPv6 ULA fc00::/7
            ff02::1                     | multicast ff00::/8
            ::ffff:8.8.8.8              | IPv4-mapped ::ffff:0:0/96
            ::ffff:127.0.0.1            | IPv4-mapped ::ffff:0:0/96
            ::8.8.8.8                   | IPv4-compatible ::/96 (deprecated)
            ::ffff:0:808:808            | IPv4-translated ::ffff:0:0:0/96
            64:ff9b::808:808            | NAT64 64:ff9b::/96
            64:ff9b::a00:1              | NAT64 64:ff9b::/96
            64:ff9b:1::1                | NAT64 local-use 64:ff9b:1::/48
            2002::1                     | 6to4 2002::/16
            2002:808:808::1             | 6to4 2002::/16
            2001:0::1                   | Teredo 2001::/32
            2001:0:ffff:ffff:ffff:ffff:ffff:ffff | Teredo 2001::/32
            2001:1::2                   | ALLOWED
            2001:db8::1                 | documentation 2001:db8::/32
            2001:4860:4860::8888        | ALLOWED
            2606:4700:4700::1111        | ALLOWED
            2003::1                     | ALLOWED
            100::1                      | discard-only 100::/64
            4000::1                     | IPv6 outside global unicast 2000::/3
            1fff:ffff::1                | IPv6 outside global unicast 2000::/3
            """)
    void shouldClassifyAddress(String address, String expectedRange) {
        assertEquals(expectedRange, DEFAULTS.deniedRange(ip(address)));
    }

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "ALLOWED", textBlock = """
            10.96.0.1           | 10.96.0.0/12      | ALLOWED
            10.111.255.255      | 10.96.0.0/12      | ALLOWED
            10.112.0.0          | 10.96.0.0/12      | private 10.0.0.0/8
            10.95.255.255       | 10.96.0.0/12      | private 10.0.0.0/8
            127.0.0.1           | 127.0.0.1/32      | ALLOWED
            127.0.0.2           | 127.0.0.1/32      | loopback 127.0.0.0/8
            ::ffff:10.96.0.1    | 10.96.0.0/12      | IPv4-mapped ::ffff:0:0/96
            fd00::1             | fd00::/8          | ALLOWED
            fc00::1             | fd00::/8          | IPv6 ULA fc00::/7
            169.254.169.254     | 10.0.0.0/8        | link-local 169.254.0.0/16 (cloud metadata)
            """)
    void shouldOpenOnlyTheAllowedCidr(String address, String cidr, String expectedRange) {
        AddressPolicy policy = new AddressPolicy(List.of(Cidr.parse(cidr)));
        assertEquals(expectedRange, policy.deniedRange(ip(address)));
    }

    @Test
    void shouldClassifyResolverMappedAddressAsIpv4() throws UnknownHostException {
        // A resolver that builds addresses with InetAddress.getByAddress turns ::ffff:a.b.c.d into
        // IPv4: whatever the form, what is dialled is what is classified.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        assertEquals("link-local 169.254.0.0/16 (cloud metadata)", DEFAULTS.deniedRange(InetAddress.getByAddress(mapped)));
        assertNull(DEFAULTS.deniedRange(InetAddress.getByAddress(new byte[] {8, 8, 4, 4})));
    }
}
