package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowListTest {

    private static final Set<Integer> HTTP = Set.of(80);
    private static final Set<Integer> CONNECT = Set.of(443);

    private static Set<Integer> ports(String text) {
        return Arrays.stream(text.split(" ")).map(Integer::valueOf).collect(Collectors.toSet());
    }

    /** entries (space-separated) | host | port | default ports | matched entry or NONE */
    @ParameterizedTest(name = "{0}: {1}:{2} (defaults {3}) -> {4}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            example.com                         | example.com           | 80   | 80      | example.com
            example.com                         | example.com           | 443  | 443     | example.com
            example.com                         | example.com           | 8080 | 80      | NONE
            example.com                         | example.com           | 443  | 80      | NONE
            example.com                         | example.com           | 80   | 443     | NONE
            example.com                         | www.example.com       | 80   | 80      | NONE
            example.com                         | notexample.com        | 80   | 80      | NONE
            example.com:8080                    | example.com           | 8080 | 80      | example.com:8080
            example.com:8080                    | example.com           | 80   | 80      | NONE
            example.com:443                     | example.com           | 443  | 80      | example.com:443
            *.example.com                       | api.example.com       | 80   | 80      | *.example.com
            *.example.com                       | a.b.example.com       | 443  | 443     | *.example.com
            *.example.com                       | example.com           | 80   | 80      | NONE
            *.example.com                       | badexample.com        | 80   | 80      | NONE
            *.example.com                       | example.com.evil.net  | 80   | 80      | NONE
            *.example.com:8443                  | api.example.com       | 8443 | 443     | *.example.com:8443
            *.example.com:8443                  | api.example.com       | 443  | 443     | NONE
            *.example.com example.com           | example.com           | 80   | 80      | example.com
            EXAMPLE.com.                        | example.com           | 80   | 80      | example.com
            example.com                         | EXAMPLE.COM.          | 80   | 80      | example.com
            *.Example.COM.                      | API.example.com       | 80   | 80      | *.example.com
            bücher.example                      | xn--bcher-kva.example | 80   | 80      | xn--bcher-kva.example
            xn--bcher-kva.example               | BÜCHER.example        | 80   | 80      | xn--bcher-kva.example
            *.example.com api.example.com       | api.example.com       | 80   | 80      | api.example.com
            api.example.com *.example.com       | api.example.com       | 80   | 80      | api.example.com
            *.example.com api.example.com:8080  | api.example.com       | 80   | 80      | *.example.com
            *.example.com *.api.example.com     | v1.api.example.com    | 80   | 80      | *.api.example.com
            *.api.example.com *.example.com     | v1.api.example.com    | 80   | 80      | *.api.example.com
            example.com example.com:443         | example.com           | 443  | 443     | example.com:443
            *.com                               | example.com           | 80   | 80      | *.com
            1.2.3.4                             | 1.2.3.4               | 80   | 80      | 1.2.3.4
            1.2.3.4:8080                        | 1.2.3.4               | 8080 | 80      | 1.2.3.4:8080
            1.2.3.4                             | 1.2.3.5               | 80   | 80      | NONE
            [2001:DB8::1]                       | 2001:db8::1           | 443  | 443     | [2001:db8::1]
            [2001:db8::1]:8443                  | [2001:db8:0::1]       | 8443 | 443     | [2001:db8::1]:8443
            [::ffff:1.2.3.4]                    | 1.2.3.4               | 80   | 80      | NONE
            1.2.3.4                             | ::ffff:1.2.3.4        | 80   | 80      | NONE
            *.example.com                       | 1.2.3.4               | 80   | 80      | NONE
            example.com                         | example.com           | 443  | 443 8443 | example.com
            example.com                         | example.com           | 8443 | 443 8443 | example.com
            """)
    void shouldMatchEntry(String entries, String host, int port, String defaultPorts, String expected) {
        AllowList list = AllowList.parse(List.of(entries.split(" ")));
        assertEquals(expected, list.match(Host.parse(host), port, ports(defaultPorts)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            exa mple.com
            *
            *.
            *.*.example.com
            a.*.example.com
            *example.com
            example.*
            **.example.com
            *.1.2.3.4
            *.[::1]
            example.com:0
            example.com:65536
            example.com:+80
            example.com:80x
            example.com:
            user@example.com
            http://example.com
            example.com/path
            2130706433
            0177.0.0.1
            127.1
            ::1
            [example.com]
            a..b
            -a.com
            example.com%2f
            ''
            """)
    void shouldRejectInvalidEntry(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AllowList.parse(List.of(entry)));
        assertEquals("\"" + entry + "\" is not a host[:port] (expected: host, *.suffix or host:port)", e.getMessage());
    }

    @Test
    void shouldReportEveryBadEntryAtOnce() {
        InvalidEntries e = assertThrows(InvalidEntries.class,
                () -> AllowList.parse(List.of("good.example", "exa mple.com", "*.ok.example", "a.com:0", "2130706433")));
        assertEquals(List.of(
                "\"exa mple.com\" is not a host[:port] (expected: host, *.suffix or host:port)",
                "\"a.com:0\" is not a host[:port] (expected: host, *.suffix or host:port)",
                "\"2130706433\" is not a host[:port] (expected: host, *.suffix or host:port)"), e.problems());
    }

    @Test
    void shouldParseFileWithCommentsAndBlankLines() {
        AllowList list = AllowList.parseFile("""
                # partners
                api.partner.example   # the REST API
                
                *.cdn.example:8443
                \t
                1.2.3.4\r
                """);
        assertEquals(3, list.size());
        assertEquals(List.of("api.partner.example", "*.cdn.example:8443", "1.2.3.4"), list.entries());
        assertEquals("*.cdn.example:8443", list.match(Host.parse("img.cdn.example"), 8443, HTTP));
    }

    @Test
    void shouldNameLineNumbersOfBadFileEntries() {
        InvalidEntries e = assertThrows(InvalidEntries.class, () -> AllowList.parseFile("""
                good.example
                # comment
                bad host
                
                0x7f.1 # not canonical
                """));
        assertEquals(List.of(
                "line 3: \"bad host\" is not a host[:port] (expected: host, *.suffix or host:port)",
                "line 5: \"0x7f.1\" is not a host[:port] (expected: host, *.suffix or host:port)"), e.problems());
    }

    @Test
    void shouldCombineEnvAndFileEntriesWithoutDuplicates() {
        AllowList env = AllowList.parse(List.of("a.example", "B.example"));
        AllowList file = AllowList.parseFile("b.example.\nc.example\n");
        AllowList both = env.plus(file);
        assertEquals(List.of("a.example", "b.example", "c.example"), both.entries());
        assertEquals(3, both.size());
        assertEquals("c.example", both.match(Host.parse("c.example"), 443, CONNECT));
        assertNull(env.match(Host.parse("c.example"), 443, CONNECT));
    }

    @Test
    void shouldMatchNothingWhenEmpty() {
        assertEquals(0, AllowList.empty().size());
        assertNull(AllowList.empty().match(Host.parse("example.com"), 80, HTTP));
        assertEquals(0, AllowList.parseFile("# nothing yet\n\n").size());
    }

    @ParameterizedTest(name = "{0} names {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com:8443    | example.com       | true
            *.example.com:8443  | api.example.com   | true
            *.example.com       | example.com       | false
            example.com         | api.example.com   | false
            """)
    void shouldKnowHostRegardlessOfPort(String entry, String host, boolean expected) {
        assertEquals(expected, AllowList.parse(List.of(entry)).allowsHost(Host.parse(host)));
    }
}
