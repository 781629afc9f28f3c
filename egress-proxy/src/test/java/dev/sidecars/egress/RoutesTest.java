package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutesTest {

    private static final Routes ROUTES = Routes.parse(List.of(
            "http://localhost/api=http://numbers-api/rng",
            "http://localhost/api/v2=http://numbers-v2:8080/",
            "http://127.0.0.1/static/=http://cdn.internal/assets/",
            "http://[::1]/root=http://root-api"));

    /** request path and query | upstream authority | upstream path and query */
    @ParameterizedTest(name = "{0} -> {1}{2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            /api                | numbers-api:80     | /rng
            /api/               | numbers-api:80     | /rng/
            /api/7              | numbers-api:80     | /rng/7
            /api/7?x=1          | numbers-api:80     | /rng/7?x=1
            /api?q              | numbers-api:80     | /rng?q
            /api?q=/v2          | numbers-api:80     | /rng?q=/v2
            /api/v1/x           | numbers-api:80     | /rng/v1/x
            /api/v2             | numbers-v2:8080    | /
            /api/v2?x           | numbers-v2:8080    | /?x
            /api/v2/x/y         | numbers-v2:8080    | /x/y
            /api/v2x            | numbers-api:80     | /rng/v2x
            /static/a.css       | cdn.internal:80    | /assets/a.css
            /static             | cdn.internal:80    | /assets
            /root/a             | root-api:80        | /a
            /root               | root-api:80        | /
            /api/a..b           | numbers-api:80     | /rng/a..b
            """)
    void shouldMapLongestPrefixOnSegmentBoundary(String request, String upstream, String upstreamPath) {
        Routes.Match match = ROUTES.match(request);
        assertEquals(upstream, match.upstream().text());
        assertEquals(upstreamPath, match.upstreamPathAndQuery());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            /apix
            /ap
            /
            /other/api
            /API
            api
            ''
            *
            /api/../admin
            /api/./x
            /api/..
            /api/%2e%2e/admin
            /api/%2E./admin
            /api/..%2fadmin
            /api/x%2F..
            /api\\..\\admin
            /api#frag
            """)
    void shouldNotMatch(String request) {
        assertNull(ROUTES.match(request));
    }

    @Test
    void shouldMatchEverythingWithRootRoute() {
        Routes root = Routes.parse(List.of("http://localhost=http://app:8080/base", "http://localhost/api=http://numbers-api"));
        assertEquals("/base/x?y", root.match("/x?y").upstreamPathAndQuery());
        assertEquals("/base/", root.match("/").upstreamPathAndQuery());
        assertEquals("/", root.match("/api").upstreamPathAndQuery());
        assertEquals("/", root.all().get(0).local());
    }

    @Test
    void shouldKeepRoutesInOrderWithNormalisedForms() {
        assertEquals(List.of(
                new Routes.Route("/api", "http://numbers-api/rng"),
                new Routes.Route("/api/v2", "http://numbers-v2:8080"),
                new Routes.Route("/static", "http://cdn.internal/assets"),
                new Routes.Route("/root", "http://root-api")), ROUTES.all());
        assertEquals(ROUTES.all().get(0), ROUTES.match("/api/1").route());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://localhost/api                                | no '='
            localhost/api=http://numbers-api                    | the local URL needs a scheme
            http://example.com/api=http://numbers-api           | must be localhost, 127.0.0.1 or [::1]
            http://10.0.0.1/api=http://numbers-api              | must be localhost, 127.0.0.1 or [::1]
            http://localhost:8080/api=http://numbers-api        | must not have a port
            https://localhost/api=http://numbers-api            | the local URL must start with http://
            http://localhost/api=https://numbers-api            | https upstreams are not supported yet
            http://localhost/api=ftp://numbers-api              | the upstream URL must start with http://
            http://localhost/api=numbers-api                    | the upstream URL needs a scheme
            http://localhost/api=http://numbers-api/rng?x=1     | must not have a query or fragment
            http://localhost/api=http://numbers-api/rng#x       | must not have a query or fragment
            http://localhost/api?x=http://numbers-api           | must not have a query or fragment
            http://localhost/api=http://user:pw@numbers-api     | must not have userinfo
            http://user@localhost/api=http://numbers-api        | must not have userinfo
            http://localhost/api=http://numbers-api:0           | port must be 1-65535
            http://localhost/api=http://numbers api             | whitespace
            http://localhost/api=http://                        | empty host
            http://localhost/api=http://0x7f.1/                 | canonical IPv4
            http://localhost/a%20b=http://numbers-api           | percent-encoding is not supported
            http://localhost/api/../x=http://numbers-api        | '.' or '..' segments
            http://localhost//api=http://numbers-api            | empty, '.' or '..' segments
            http://localhost/api=http://numbers-api/a/../b      | '.' or '..' segments
            """)
    void shouldRejectInvalidRoute(String entry, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Routes.parse(List.of(entry)));
        assertTrue(e.getMessage().startsWith("\"" + entry + "\" is not a route: "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().endsWith(
                "(expected: local-URL=upstream-URL, e.g. http://localhost/api=http://numbers-api/rng)"), e.getMessage());
    }

    @Test
    void shouldReportEveryBadRouteAtOnce() {
        InvalidEntries e = assertThrows(InvalidEntries.class, () -> Routes.parse(List.of(
                "http://localhost/api=http://numbers-api/rng",
                "http://localhost/x=https://secure",
                "http://localhost/api/=http://other",
                "nonsense")));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(1).contains("another route already maps /api"), e.problems().get(1));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            localhost           | true
            LOCALHOST.          | true
            127.0.0.1           | true
            ::1                 | true
            [::1]               | true
            127.0.0.2           | false
            ::ffff:127.0.0.1    | false
            localhost.example   | false
            numbers-api         | false
            """)
    void shouldRecogniseLocalHosts(String host, boolean expected) {
        assertEquals(expected, Routes.none().isLocalHost(Host.parse(host)));
    }

    @Test
    void shouldHaveNoRoutesByDefault() {
        assertTrue(Routes.none().all().isEmpty());
        assertNull(Routes.none().match("/api"));
        assertTrue(Routes.parse(List.of()).all().isEmpty());
    }
}
